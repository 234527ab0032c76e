using GitOpsFleet.Policies.Ast;
using GitOpsFleet.Policies.Builtins;
using GitOpsFleet.Policies.Compilation;
using GitOpsFleet.Policies.Values;

namespace GitOpsFleet.Policies.Evaluation;

/// <summary>
/// Top-down evaluator: bodies are solved left to right in continuation-passing style, so
/// backtracking is the return from a continuation. A continuation returns false to stop the
/// search (first solution is enough, e.g. under <c>not</c>). One instance evaluates one query.
/// </summary>
internal sealed partial class Evaluator
{
    private readonly CompiledPolicy _policy;
    private readonly Value _data;
    private readonly BuiltinContext _bctx;
    private readonly EvalOptions _options;
    private readonly CancellationToken _ct;
    private readonly CoverageRecorder? _coverage;
    private EvalEnv _env;
    private long _steps;

    public Evaluator(CompiledPolicy policy, Value data, Value? input, EvalOptions options, CancellationToken ct)
    {
        _policy = policy;
        _data = data;
        _options = options;
        _ct = ct;
        _coverage = options.Coverage;
        _env = new EvalEnv(input, null, null, policy.RuleSets.Count);
        _bctx = new BuiltinContext(options.Time ?? TimeProvider.System, ct)
        {
            Strict = options.StrictBuiltinErrors,
            PrintSink = options.Print,
            NetworkEnabled = options.AllowNetwork,
        };
    }

    /// <summary>Runs a compiled query; returns one binding row per solution (named variables only).</summary>
    public List<Dictionary<string, Value>> Run(CompiledQuery query) => Run(query, null);

    /// <summary>Runs a query, also collecting each written expression's value per solution.</summary>
    public List<Dictionary<string, Value>> Run(CompiledQuery query, List<Value[]>? expressions)
    {
        var rows = new List<Dictionary<string, Value>>();
        var frame = new Value?[query.SlotCount];
        EvalBody(query.Body, 0, frame, () =>
        {
            var row = new Dictionary<string, Value>(query.OutputVars.Count, StringComparer.Ordinal);
            foreach (var kv in query.OutputVars)
            {
                if (frame[kv.Value] is { } v)
                {
                    row[kv.Key] = v;
                }
            }

            rows.Add(row);
            if (expressions is not null)
            {
                var ev = new Value[query.ExpressionSlots.Length];
                for (var i = 0; i < ev.Length; i++)
                {
                    var slot = query.ExpressionSlots[i];
                    ev[i] = slot >= 0 && frame[slot] is { } x ? x : Value.True;
                }

                expressions.Add(ev);
            }

            return true;
        });
        return rows;
    }

    /// <summary>The document at a data path, or null when undefined.</summary>
    public Value? EvaluateDocument(IReadOnlyList<string> path)
    {
        var terms = new Term[path.Count];
        for (var i = 0; i < terms.Length; i++)
        {
            terms[i] = new ValueTerm(new StringValue(path[i]), Syntax.SourceLocation.None);
        }

        Value? result = null;
        WalkData(_policy.Root, _data, _env.Data, terms, 0, [], v =>
        {
            result = v;
            return false;
        });
        return result;
    }

    private void Step()
    {
        if ((++_steps & 1023) == 0)
        {
            _ct.ThrowIfCancellationRequested();
            if (_steps > _options.MaxSteps)
            {
                throw new RegoException("eval_cancel_error", "caller cancelled query execution: step budget exhausted", null);
            }
        }
    }

    private bool EvalBody(List<Expr> body, int i, Value?[] f, Func<bool> k)
    {
        // Fast loop: filters and assignments whose terms are single-valued run inline, without a
        // continuation per literal; the variables they bind are unbound again on the way out.
        var boundCount = 0;
        Span<int> boundSlots = stackalloc int[8];
        bool result;
        while (true)
        {
            if (i == body.Count)
            {
                result = k();
                break;
            }

            var e = body[i];
            _coverage?.Hit(e.Location);
            if (e.With.Count == 0 && FastLiteral(e, f, out var holds, out var bindSlot, out var bindValue))
            {
                Step();
                if (!holds)
                {
                    result = true;
                    break;
                }

                if (bindSlot >= 0)
                {
                    if (boundCount == boundSlots.Length)
                    {
                        // Too many inline bindings to track here: continue through the general path.
                        f[bindSlot] = bindValue;
                        var r = EvalBody(body, i + 1, f, k);
                        f[bindSlot] = null;
                        result = r;
                        break;
                    }

                    f[bindSlot] = bindValue;
                    boundSlots[boundCount++] = bindSlot;
                }

                i++;
                continue;
            }

            var next = i + 1;
            // The indexed path settles the next literal too without passing here; coverage takes the plain path.
            if (e.Kind == ExprKind.SomeIn && next < body.Count && _coverage is null && TryIndexedMembers(e, body, next, f, k, out result))
            {
                break;
            }

            result = EvalExpr(e, f, next == body.Count ? k : BodyFrom(body, next, f, k));
            break;
        }

        for (var j = 0; j < boundCount; j++)
        {
            f[boundSlots[j]] = null;
        }

        return result;
    }

    // Lambdas live in small helpers like this one: a lambda that captures a parameter makes the C#
    // compiler allocate its closure at method entry, on every call, even when the lambda is never made.
    private Func<bool> BodyFrom(List<Expr> body, int next, Value?[] f, Func<bool> k) => () => EvalBody(body, next, f, k);

    /// <summary>
    /// Tries a literal without continuations: a plain or negated single-valued term, or an
    /// assignment of a single-valued term to an unbound variable. False when the general path is needed.
    /// </summary>
    private bool FastLiteral(Expr e, Value?[] f, out bool holds, out int bindSlot, out Value? bindValue)
    {
        holds = false;
        bindSlot = -1;
        bindValue = null;
        switch (e.Kind)
        {
            case ExprKind.Term:
                if (e.Term is CallTerm { IsOutputForm: true } || !TryEvalSingle(e.Term!, f, out var v))
                {
                    return false;
                }

                var truthy = v is not null && v is not BooleanValue { Value: false };
                holds = e.Negated ? !truthy : truthy;
                return true;
            case ExprKind.Assign:
            case ExprKind.Unify:
            {
                if (e.Negated)
                {
                    return false;
                }

                if (e.Left is VarTerm { Slot: >= 0 } lv && f[lv.Slot] is null && TryEvalSingle(e.Right!, f, out var rv))
                {
                    holds = rv is not null;
                    bindSlot = holds ? lv.Slot : -1;
                    bindValue = rv;
                    return true;
                }

                if (e.Kind == ExprKind.Unify && e.Right is VarTerm { Slot: >= 0 } rvar && f[rvar.Slot] is null && TryEvalSingle(e.Left!, f, out var lval))
                {
                    holds = lval is not null;
                    bindSlot = holds ? rvar.Slot : -1;
                    bindValue = lval;
                    return true;
                }

                return false;
            }

            case ExprKind.SomeVars:
                holds = true;
                return true;
            default:
                return false;
        }
    }

    private bool EvalExpr(Expr e, Value?[] f, Func<bool> k)
    {
        Step();
        if (e.With.Count > 0)
        {
            return EvalWith(e, f, k);
        }

        return EvalExprNoWith(e, f, k);
    }

    private bool EvalExprNoWith(Expr e, Value?[] f, Func<bool> k)
    {
        if (e.Negated)
        {
            return HasSolution(e, f) || k();
        }

        return EvalPositive(e, f, k);
    }

    private bool HasSolution(Expr e, Value?[] f)
    {
        var found = false;
        EvalPositive(e, f, () =>
        {
            found = true;
            return false;
        });
        return found;
    }

    private static Func<Value, bool> TruthyThen(Func<bool> k) => v => v is BooleanValue { Value: false } || k();

    private bool EvalPositive(Expr e, Value?[] f, Func<bool> k)
    {
        switch (e.Kind)
        {
            case ExprKind.Term:
                if (e.Term is not CallTerm { IsOutputForm: true } && TryEvalSingle(e.Term!, f, out var fv))
                {
                    return fv is null || fv is BooleanValue { Value: false } || k();
                }

                if (e.Term is CallTerm c)
                {
                    return EvalCall(c, f, TruthyThen(k), statement: true);
                }

                return EvalTerm(e.Term!, f, TruthyThen(k));
            case ExprKind.Unify:
            case ExprKind.Assign:
                return UnifyTerms(e.Left!, e.Right!, f, k);
            case ExprKind.SomeVars:
                return k();
            case ExprKind.SomeIn:
                if (TryEvalSingle(e.Collection!, f, out var coll))
                {
                    return coll is null || IterateMembers(coll, e.Key, e.Value!, f, k);
                }

                return EvalTerm(e.Collection!, f, MembersThen(e, f, k));
            case ExprKind.Every:
                return EvalEvery(e, f, k);
            default:
                return true;
        }
    }

    private const int MinIndexedMembers = 32;

    private Dictionary<IndexKey, Dictionary<Value, List<int>>>? _memberIndexes;

    /// <summary>Iterates only the members an index says can pass the next literal (see <see cref="IterationFilter"/>).</summary>
    private bool TryIndexedMembers(Expr e, List<Expr> body, int next, Value?[] f, Func<bool> k, out bool result)
    {
        result = true;
        if (e.With.Count > 0 || e.Negated || e.Key is not null || e.Value is not VarTerm { Slot: >= 0 } member || f[member.Slot] is not null)
        {
            return false;
        }

        if (!e.NextFilterChecked)
        {
            e.NextFilter = IterationFilter.Of(body[next], member.Slot);
            e.NextFilterChecked = true;
        }

        if (e.NextFilter is not { } filter || !TryEvalSingle(e.Collection!, f, out var coll) || coll is not ArrayValue { Count: >= MinIndexedMembers } array)
        {
            return false;
        }

        Step();
        _memberIndexes ??= [];
        var key = new IndexKey(array, filter.IndexName);
        if (!_memberIndexes.TryGetValue(key, out var index))
        {
            index = [];
            for (var j = 0; j < array.Count; j++)
            {
                Value? v = array[j];
                for (var p = 0; p < filter.Path.Length && v is not null; p++)
                {
                    v = Lookup(v, filter.Path[p]);
                }

                if (v is not null)
                {
                    if (!index.TryGetValue(v, out var list))
                    {
                        index[v] = list = [];
                    }

                    list.Add(j);
                }
            }

            _memberIndexes[key] = index;
        }

        if (!index.TryGetValue(filter.Constant, out var positions))
        {
            return true;
        }

        var rest = BodyFrom(body, next, f, k);
        foreach (var j in positions)
        {
            if (!UnifyValue(e.Value, array[j], f, rest))
            {
                result = false;
                return true;
            }
        }

        return true;
    }

    /// <summary>A collection by identity (values are immutable) and an index path.</summary>
    private readonly record struct IndexKey(ArrayValue Array, string Path)
    {
        public bool Equals(IndexKey other) => ReferenceEquals(Array, other.Array) && string.Equals(Path, other.Path, StringComparison.Ordinal);

        public override int GetHashCode() => HashCode.Combine(System.Runtime.CompilerServices.RuntimeHelpers.GetHashCode(Array), Path);
    }

    private Func<Value, bool> MembersThen(Expr e, Value?[] f, Func<bool> k) => coll => IterateMembers(coll, e.Key, e.Value!, f, k);

    private bool IterateMembers(Value coll, Term? key, Term value, Value?[] f, Func<bool> k)
    {
        if (key is not null)
        {
            return IterateKeyedMembers(coll, key, value, f, k);
        }

        // The common `some x in xs`: no key, so no continuation per member.
        switch (coll)
        {
            case ArrayValue a:
                for (var i = 0; i < a.Count; i++)
                {
                    if (!UnifyValue(value, a[i], f, k))
                    {
                        return false;
                    }
                }

                return true;
            case ObjectValue o:
                for (var i = 0; i < o.Count; i++)
                {
                    if (!UnifyValue(value, o.Values[i], f, k))
                    {
                        return false;
                    }
                }

                return true;
            case SetValue s:
                for (var i = 0; i < s.Count; i++)
                {
                    if (!UnifyValue(value, s.Items[i], f, k))
                    {
                        return false;
                    }
                }

                return true;
            default:
                return true;
        }
    }

    private bool IterateKeyedMembers(Value coll, Term key, Term value, Value?[] f, Func<bool> k)
    {
        switch (coll)
        {
            case ArrayValue a:
                for (var i = 0; i < a.Count; i++)
                {
                    var item = a[i];
                    var ok = key is null
                        ? UnifyValue(value, item, f, k)
                        : UnifyValue(key, NumberValue.FromInt64(i), f, () => UnifyValue(value, item, f, k));
                    if (!ok)
                    {
                        return false;
                    }
                }

                return true;
            case ObjectValue o:
                for (var i = 0; i < o.Count; i++)
                {
                    var kk = o.Keys[i];
                    var vv = o.Values[i];
                    var ok = key is null
                        ? UnifyValue(value, vv, f, k)
                        : UnifyValue(key, kk, f, () => UnifyValue(value, vv, f, k));
                    if (!ok)
                    {
                        return false;
                    }
                }

                return true;
            case SetValue s:
                for (var i = 0; i < s.Count; i++)
                {
                    var item = s.Items[i];
                    var ok = key is null
                        ? UnifyValue(value, item, f, k)
                        : UnifyValue(key, item, f, () => UnifyValue(value, item, f, k));
                    if (!ok)
                    {
                        return false;
                    }
                }

                return true;
            default:
                return true;
        }
    }

    private bool EvalEvery(Expr e, Value?[] f, Func<bool> k)
    {
        return EvalTerm(e.Collection!, f, dom =>
        {
            var all = true;
            var members = Members(dom);
            if (members is null)
            {
                return true;
            }

            foreach (var (mk, mv) in members)
            {
                var found = false;
                var bindOk = e.Key is null
                    ? UnifyValue(e.Value!, mv, f, () => EvalBody(e.Body!, 0, f, () =>
                    {
                        found = true;
                        return false;
                    }))
                    : UnifyValue(e.Key, mk, f, () => UnifyValue(e.Value!, mv, f, () => EvalBody(e.Body!, 0, f, () =>
                    {
                        found = true;
                        return false;
                    })));
                _ = bindOk;
                if (!found)
                {
                    all = false;
                    break;
                }
            }

            return !all || k();
        });
    }

    private static List<(Value Key, Value Value)>? Members(Value v)
    {
        switch (v)
        {
            case ArrayValue a:
            {
                var l = new List<(Value, Value)>(a.Count);
                for (var i = 0; i < a.Count; i++)
                {
                    l.Add((NumberValue.FromInt64(i), a[i]));
                }

                return l;
            }

            case ObjectValue o:
            {
                var l = new List<(Value, Value)>(o.Count);
                for (var i = 0; i < o.Count; i++)
                {
                    l.Add((o.Keys[i], o.Values[i]));
                }

                return l;
            }

            case SetValue s:
            {
                var l = new List<(Value, Value)>(s.Count);
                foreach (var x in s.Items)
                {
                    l.Add((x, x));
                }

                return l;
            }

            default:
                return null;
        }
    }
}
