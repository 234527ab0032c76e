using System.Text;
using GitOpsFleet.Policies.Ast;
using GitOpsFleet.Policies.Builtins;
using GitOpsFleet.Policies.Compilation;
using GitOpsFleet.Policies.Values;

namespace GitOpsFleet.Policies.Evaluation;

internal sealed partial class Evaluator
{
    private bool EvalCall(CallTerm c, Value?[] f, Func<Value, bool> k, bool statement)
    {
        if (c.Name is "print" or "internal.print")
        {
            return EvalPrint(c, f, k);
        }

        var inputArgs = c.InputArgs.Length == 0 && c.Args.Length > 0 && !c.IsOutputForm ? c.Args : c.InputArgs;
        var buf = new Value[inputArgs.Length];
        if (TryEvalAll(inputArgs, buf, f, out var defined))
        {
            if (!defined)
            {
                return true;
            }

            if (c.IsOutputForm)
            {
                return Dispatch(c, c.Name, c.FunctionPath, buf, OutputThen(c, f, k));
            }

            return Dispatch(c, c.Name, c.FunctionPath, buf, k);
        }

        return EvalCallGeneral(c, inputArgs, buf, f, k);
    }

    private Func<Value, bool> OutputThen(CallTerm c, Value?[] f, Func<Value, bool> k)
    {
        var output = c.Args[^1];
        return v => UnifyValue(output, v, f, () => k(Value.True));
    }

    private bool EvalCallGeneral(CallTerm c, Term[] inputArgs, Value[] buf, Value?[] f, Func<Value, bool> k)
    {
        return EvalItems(inputArgs, 0, buf, f, () =>
        {
            var args = (Value[])buf.Clone();
            if (c.IsOutputForm)
            {
                var output = c.Args[^1];
                return Dispatch(c, c.Name, c.FunctionPath, args, v => UnifyValue(output, v, f, () => k(Value.True)));
            }

            return Dispatch(c, c.Name, c.FunctionPath, args, k);
        });
    }

    private bool Dispatch(CallTerm c, string name, string[]? path, Value[] args, Func<Value, bool> k)
    {
        if (_env.Functions is { } fns && fns.TryGetValue(name, out var repl))
        {
            return DispatchReplacement(c, repl, args, k);
        }

        if (path is not null)
        {
            var rs = c.FunctionPath == path ? c.FunctionRuleSet ??= _policy.FindRuleSet(path) : _policy.FindRuleSet(path);
            if (rs is null)
            {
                return true;
            }

            var v = CallFunction(rs, args, c);
            return v is null || k(v);
        }

        return DispatchBuiltin(c, name, args, k);
    }

    private bool DispatchReplacement(CallTerm c, FunctionReplacement repl, Value[] args, Func<Value, bool> k)
    {
        {
            if (repl.Constant is not null)
            {
                return k(repl.Constant);
            }

            // Replacement functions run without any function mocks: a mock may call the original, never another mock.
            var saved = _env;
            _env = new EvalEnv(saved.Input, saved.Data, null, _policy.RuleSets.Count);
            bool r;
            try
            {
                r = Dispatch(c, repl.Name!, repl.Path, args, v =>
                {
                    var inner = _env;
                    _env = saved;
                    try
                    {
                        return k(v);
                    }
                    finally
                    {
                        _env = inner;
                    }
                });
            }
            finally
            {
                _env = saved;
            }

            return r;
        }
    }

    private bool DispatchBuiltin(CallTerm c, string name, Value[] args, Func<Value, bool> k)
    {
        switch (name)
        {
            case "internal.member_2":
                return Member(args[0], args[1]) ? k(Value.True) : k(Value.False);
            case "internal.member_3":
                return MemberKey(args[0], args[1], args[2]) ? k(Value.True) : k(Value.False);
            case "walk":
                return Walk(args[0], new List<Value>(), k);
            case "rego.metadata.rule":
                return k(MetadataRule());
            case "rego.metadata.chain":
                return k(MetadataChain());
        }

        var builtin = c.Builtin is { } cb && cb.Name == name ? cb : null;
        if (builtin is null && !_policy.Builtins.TryGet(name, out builtin))
        {
            throw new RegoException("rego_type_error", $"undefined function {name}", c.Location);
        }

        try
        {
            _bctx.CallSite = c.Location;
            if (builtin.Relation is not null)
            {
                foreach (var v in builtin.Relation(_bctx, args))
                {
                    if (!k(v))
                    {
                        return false;
                    }
                }

                return true;
            }

            var result = builtin.Function!(_bctx, args);
            return result is null || k(result);
        }
        catch (BuiltinException be)
        {
            if (!_options.StrictBuiltinErrors && !be.Halts)
            {
                return true;
            }

            throw new RegoException(be.Code, be.Prefixed ? $"{name}: {be.Message}" : be.Message, c.Location);
        }
    }

    /// <summary>Calls a plain builtin function; null when undefined (including a non-strict error).</summary>
    private Value? CallBuiltin(CallTerm c, Builtin b, Value[] args)
    {
        try
        {
            _bctx.CallSite = c.Location;
            return b.Function!(_bctx, args);
        }
        catch (BuiltinException be)
        {
            if (!_options.StrictBuiltinErrors && !be.Halts)
            {
                return null;
            }

            throw new RegoException(be.Code, be.Prefixed ? $"{c.Name}: {be.Message}" : be.Message, c.Location);
        }
    }

    private static bool Member(Value x, Value coll) => coll switch
    {
        ArrayValue a => Contains(a.Items, x),
        SetValue s => s.Contains(x),
        ObjectValue o => Contains(o.Values, x),
        _ => false,
    };

    private static bool Contains(ReadOnlySpan<Value> items, Value x)
    {
        foreach (var i in items)
        {
            if (i.Equals(x))
            {
                return true;
            }
        }

        return false;
    }

    private static bool MemberKey(Value key, Value val, Value coll)
    {
        var v = coll switch
        {
            ArrayValue or ObjectValue => Lookup(coll, key),
            SetValue s => s.Contains(key) && key.Equals(val) ? key : null,
            _ => null,
        };
        return v is not null && v.Equals(val);
    }

    private bool Walk(Value v, List<Value> path, Func<Value, bool> k)
    {
        if (!k(new ArrayValue([new ArrayValue(path.ToArray()), v])))
        {
            return false;
        }

        switch (v)
        {
            case ArrayValue a:
                for (var i = 0; i < a.Count; i++)
                {
                    path.Add(NumberValue.FromInt64(i));
                    var ok = Walk(a[i], path, k);
                    path.RemoveAt(path.Count - 1);
                    if (!ok)
                    {
                        return false;
                    }
                }

                break;
            case ObjectValue o:
                for (var i = 0; i < o.Count; i++)
                {
                    path.Add(o.Keys[i]);
                    var ok = Walk(o.Values[i], path, k);
                    path.RemoveAt(path.Count - 1);
                    if (!ok)
                    {
                        return false;
                    }
                }

                break;
            case SetValue s:
                foreach (var x in s.Items)
                {
                    path.Add(x);
                    var ok = Walk(x, path, k);
                    path.RemoveAt(path.Count - 1);
                    if (!ok)
                    {
                        return false;
                    }
                }

                break;
        }

        return true;
    }

    private bool EvalPrint(CallTerm c, Value?[] f, Func<Value, bool> k)
    {
        var sb = new StringBuilder();
        for (var i = 0; i < c.Args.Length; i++)
        {
            if (i > 0)
            {
                sb.Append(' ');
            }

            var values = new List<Value>();
            EvalTerm(c.Args[i], f, v =>
            {
                values.Add(v);
                return true;
            });
            if (values.Count == 0)
            {
                sb.Append("<undefined>");
            }
            else
            {
                var v = values[0];
                if (v is StringValue s)
                {
                    sb.Append(s.Value);
                }
                else
                {
                    v.WriteRego(sb);
                }
            }
        }

        _options.Print?.Invoke($"{c.Location.FileLine}: {sb}");
        return k(Value.True);
    }

    private bool EvalWith(Expr e, Value?[] f, Func<bool> k)
    {
        var outer = _env;
        return WithEnv(e, f, () => EvalExprNoWith(e, f, () =>
        {
            var inner = _env;
            _env = outer;
            try
            {
                return k();
            }
            finally
            {
                _env = inner;
            }
        }));
    }

    /// <summary>Runs <paramref name="body"/> with the expression's with-modifiers applied; continuations inside see the outer environment again.</summary>
    private bool WithEnv(Expr e, Value?[] f, Func<bool> body)
    {
        var outer = _env;
        var input = outer.Input;
        var data = outer.Data?.Clone();
        Dictionary<string, FunctionReplacement>? fns = outer.Functions is null ? null : new(outer.Functions, StringComparer.Ordinal);
        foreach (var w in e.With)
        {
            if (w.TargetKind == "function")
            {
                fns ??= new(StringComparer.Ordinal);
                if (w.Value is CallTerm { Args.Length: 0 } fc && (fc.FunctionPath is not null || _policy.Builtins.Contains(fc.Name) || Compiler.IsSpecialBuiltin(fc.Name) || fc.Name.StartsWith("internal.", StringComparison.Ordinal)))
                {
                    fns[w.TargetPath[0]] = new FunctionReplacement(null, fc.Name, fc.FunctionPath);
                }
                else
                {
                    var v = FirstValue(w.Value, f);
                    if (v is null)
                    {
                        return true;
                    }

                    fns[w.TargetPath[0]] = new FunctionReplacement(v, null, null);
                }

                continue;
            }

            var value = w.Value is CallTerm { Args.Length: 0 } fcv ? FirstValue(new CallTerm(fcv.Name, [], fcv.Location) { FunctionPath = fcv.FunctionPath }, f) : FirstValue(w.Value, f);
            if (value is null)
            {
                return true;
            }

            if (w.TargetKind == "input")
            {
                input = w.TargetPath.Length == 0 ? value : Patch(input, w.TargetPath, 0, value);
            }
            else
            {
                data ??= new OverrideNode();
                data.Set(w.TargetPath, value);
            }
        }

        var inner = new EvalEnv(input, data, fns, _policy.RuleSets.Count);
        _env = inner;
        try
        {
            return body();
        }
        finally
        {
            _env = outer;
        }
    }

    private Value? FirstValue(Term t, Value?[] f)
    {
        Value? result = null;
        EvalTerm(t, f, v =>
        {
            result = v;
            return false;
        });
        return result;
    }

    private static Value Patch(Value? target, string[] path, int i, Value value)
    {
        if (i == path.Length)
        {
            return value;
        }

        var obj = target as ObjectValue ?? ObjectValue.Empty;
        var key = new StringValue(path[i]);
        return obj.With(key, Patch(obj.Get(key), path, i + 1, value));
    }
}
