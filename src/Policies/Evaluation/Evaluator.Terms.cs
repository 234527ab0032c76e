using System.Text;
using GitOpsFleet.Policies.Ast;
using GitOpsFleet.Policies.Compilation;
using GitOpsFleet.Policies.Values;

namespace GitOpsFleet.Policies.Evaluation;

internal sealed partial class Evaluator
{
    private static bool IsUnboundPattern(Term t, Value?[] f) => t switch
    {
        VarTerm v => v.Slot >= 0 && f[v.Slot] is null,
        ArrayTerm a => Array.Exists(a.Items, i => IsUnboundPattern(i, f)),
        ObjectTerm o => Array.Exists(o.Values, i => IsUnboundPattern(i, f)),
        _ => false,
    };

    private bool UnifyTerms(Term a, Term b, Value?[] f, Func<bool> k)
    {
        // Fast path: x := <single-valued term>, or <single-valued term> = x.
        if (a is VarTerm { Slot: >= 0 } va0 && f[va0.Slot] is null && TryEvalSingle(b, f, out var vb0))
        {
            return vb0 is null || UnifyValue(a, vb0, f, k);
        }

        if (b is VarTerm { Slot: >= 0 } vb1 && f[vb1.Slot] is null && TryEvalSingle(a, f, out var va1))
        {
            return va1 is null || UnifyValue(b, va1, f, k);
        }

        return UnifyTermsGeneral(a, b, f, k);
    }

    private bool UnifyTermsGeneral(Term a, Term b, Value?[] f, Func<bool> k)
    {
        var pa = IsUnboundPattern(a, f);
        var pb = IsUnboundPattern(b, f);
        if (pa && !pb)
        {
            return EvalTerm(b, f, vb => UnifyValue(a, vb, f, k));
        }

        if (pb && !pa)
        {
            return EvalTerm(a, f, va => UnifyValue(b, va, f, k));
        }

        if (pa && pb)
        {
            if (a is ArrayTerm aa && b is ArrayTerm ba)
            {
                return aa.Items.Length == ba.Items.Length && UnifyPairs(aa.Items, ba.Items, 0, f, k);
            }

            if (a is ObjectTerm oa && b is ObjectTerm ob)
            {
                return UnifyObjectTerms(oa, ob, f, k);
            }

            if (a is VarTerm va2 && b is VarTerm vb2)
            {
                throw new RegoException("rego_unsafe_var_error", $"var {va2.Name} is unsafe", va2.Location);
            }

            // One side is a composite with an unbound var, the other a var: evaluate what can be.
            if (a is VarTerm)
            {
                return EvalTerm(b, f, vb => UnifyValue(a, vb, f, k));
            }

            return EvalTerm(a, f, va => UnifyValue(b, va, f, k));
        }

        return EvalTerm(a, f, va => EvalTerm(b, f, vb => !va.Equals(vb) || k()));
    }

    private bool UnifyPairs(Term[] a, Term[] b, int i, Value?[] f, Func<bool> k)
    {
        if (i == a.Length)
        {
            return k();
        }

        return UnifyTerms(a[i], b[i], f, () => UnifyPairs(a, b, i + 1, f, k));
    }

    private bool UnifyObjectTerms(ObjectTerm a, ObjectTerm b, Value?[] f, Func<bool> k)
    {
        if (a.Keys.Length != b.Keys.Length)
        {
            return true;
        }

        // Pair up by (ground) key.
        var pairs = new List<(Term, Term)>();
        var bKeys = new Value?[b.Keys.Length];
        for (var j = 0; j < b.Keys.Length; j++)
        {
            bKeys[j] = b.Keys[j] is ValueTerm vt ? vt.Value : null;
        }

        for (var i = 0; i < a.Keys.Length; i++)
        {
            if (a.Keys[i] is not ValueTerm ka)
            {
                return true;
            }

            var j = Array.FindIndex(bKeys, x => x is not null && x.Equals(ka.Value));
            if (j < 0)
            {
                return true;
            }

            pairs.Add((a.Values[i], b.Values[j]));
        }

        var la = pairs.ConvertAll(p => p.Item1).ToArray();
        var lb = pairs.ConvertAll(p => p.Item2).ToArray();
        return UnifyPairs(la, lb, 0, f, k);
    }

    /// <summary>Unifies a term (possibly with unbound variables) with a value.</summary>
    private bool UnifyValue(Term t, Value v, Value?[] f, Func<bool> k)
    {
        switch (t)
        {
            case VarTerm vt when vt.Slot >= 0:
            {
                var cur = f[vt.Slot];
                if (cur is not null)
                {
                    return !cur.Equals(v) || k();
                }

                // No try/finally: an exception ends the whole query, so a stale binding is never read.
                f[vt.Slot] = v;
                var r = k();
                f[vt.Slot] = null;
                return r;
            }

            case ValueTerm c:
                return !c.Value.Equals(v) || k();
            case ArrayTerm a:
                if (v is not ArrayValue av || av.Count != a.Items.Length)
                {
                    return true;
                }

                return UnifyItems(a.Items, av, 0, f, k);
            case ObjectTerm o:
                if (v is not ObjectValue ov || ov.Count != o.Keys.Length)
                {
                    return true;
                }

                return UnifyObject(o, ov, 0, f, k);
            default:
                return EvalTerm(t, f, EqualThen(v, k));
        }
    }

    private static Func<Value, bool> EqualThen(Value v, Func<bool> k) => tv => !tv.Equals(v) || k();

    private bool UnifyItems(Term[] items, ArrayValue av, int i, Value?[] f, Func<bool> k)
    {
        if (i == items.Length)
        {
            return k();
        }

        return UnifyValue(items[i], av[i], f, () => UnifyItems(items, av, i + 1, f, k));
    }

    private bool UnifyObject(ObjectTerm o, ObjectValue ov, int i, Value?[] f, Func<bool> k)
    {
        if (i == o.Keys.Length)
        {
            return k();
        }

        return EvalTerm(o.Keys[i], f, key =>
        {
            var val = ov.Get(key);
            return val is null || UnifyValue(o.Values[i], val, f, () => UnifyObject(o, ov, i + 1, f, k));
        });
    }

    /// <summary>
    /// Evaluates terms that cannot enumerate (no unbound variable anywhere) without continuations.
    /// Returns false when some term needs the general path; <paramref name="defined"/> is false when one is undefined.
    /// </summary>
    private bool TryEvalAll(Term[] terms, Value[] buf, Value?[] f, out bool defined)
    {
        defined = true;
        for (var i = 0; i < terms.Length; i++)
        {
            if (!TryEvalSingle(terms[i], f, out var v))
            {
                return false;
            }

            if (v is null)
            {
                defined = false;
                return true;
            }

            buf[i] = v;
        }

        return true;
    }

    private int _callDepth;
    private readonly Value[]?[,] _argPool = new Value[]?[16, 6];

    private Value[] RentArgs(int depth, int arity)
    {
        if (depth >= 16 || arity >= 6)
        {
            return new Value[arity];
        }

        return _argPool[depth, arity] ??= new Value[arity];
    }

    /// <summary>Single-valued fast path: false means "use EvalTerm"; true with null means undefined.</summary>
    private bool TryEvalSingle(Term t, Value?[] f, out Value? value)
    {
        switch (t)
        {
            case ValueTerm c:
                value = c.Value;
                return true;
            case VarTerm v when v.Slot >= 0:
                value = f[v.Slot];
                return value is not null;
            case VarTerm { Slot: Compiler.InputSlot }:
                value = _env.Input;
                return true;
            case RefTerm r:
            {
                Value? cur;
                switch (r.Head)
                {
                    case VarTerm { Slot: Compiler.InputSlot }:
                        cur = _env.Input;
                        break;
                    case VarTerm { Slot: Compiler.DataSlot } when _env.Data is null:
                        return TryEvalDataRef(r, f, out value);
                    case VarTerm { Slot: >= 0 } hv:
                        cur = f[hv.Slot];
                        if (cur is null)
                        {
                            value = null;
                            return false;
                        }

                        break;
                    default:
                        value = null;
                        return false;
                }

                var path = r.Path;
                for (var i = 0; i < path.Length; i++)
                {
                    Value? key;
                    switch (path[i])
                    {
                        case ValueTerm kv:
                            if (cur is ObjectValue o && kv.Value is StringValue field)
                            {
                                cur = Field(o, field, kv);
                                continue;
                            }

                            key = kv.Value;
                            break;
                        case VarTerm { Slot: >= 0 } kvar when f[kvar.Slot] is { } bound:
                            key = bound;
                            break;
                        default:
                            value = null;
                            return false;
                    }

                    if (cur is null)
                    {
                        continue;
                    }

                    cur = Lookup(cur, key);
                }

                value = cur;
                return true;
            }

            case CallTerm { IsOutputForm: false, FunctionPath: not null } fc when _env.Functions is null || !_env.Functions.ContainsKey(fc.Name):
                return TryCallFunction(fc, f, out value);
            case CallTerm { IsOutputForm: false, FunctionPath: null, Builtin: null, Name: "internal.member_2" or "internal.member_3" } mc
                when _env.Functions is null || !_env.Functions.ContainsKey(mc.Name):
            {
                // `x in xs` (and `k, v in xs`) without a continuation.
                var depth = _callDepth++;
                try
                {
                    var args = RentArgs(depth, mc.Args.Length);
                    if (!TryEvalAll(mc.Args, args, f, out var defined))
                    {
                        value = null;
                        return false;
                    }

                    value = !defined ? null
                        : Value.Bool(args.Length == 2 ? Member(args[0], args[1]) : MemberKey(args[0], args[1], args[2]));
                    return true;
                }
                finally
                {
                    _callDepth--;
                }
            }

            case ArrayTerm { Items.Length: 0 }:
                value = ArrayValue.Empty;
                return true;
            case ObjectTerm { Keys.Length: 0 }:
                value = ObjectValue.Empty;
                return true;
            case SetTerm { Items.Length: 0 }:
                value = SetValue.Empty;
                return true;
            case CallTerm c when !c.IsOutputForm && c.FunctionPath is null && c.Builtin is { Function: not null } b
                && (_env.Functions is null || !_env.Functions.ContainsKey(c.Name)):
            {
                // Operand arrays are reused per nesting depth: builtins must not keep them.
                var depth = _callDepth++;
                try
                {
                    var args = RentArgs(depth, c.Args.Length);
                    if (!TryEvalAll(c.Args, args, f, out var defined))
                    {
                        value = null;
                        return false;
                    }

                    if (!defined)
                    {
                        value = null;
                        return true;
                    }

                    value = CallBuiltin(c, b, args);
                    return true;
                }
                finally
                {
                    _callDepth--;
                }
            }

            case ArrayTerm at:
            {
                var items = new Value[at.Items.Length];
                if (!TryEvalAll(at.Items, items, f, out var defined))
                {
                    value = null;
                    return false;
                }

                value = defined ? new ArrayValue(items) : null;
                return true;
            }

            case SetTerm st:
            {
                var items = new Value[st.Items.Length];
                if (!TryEvalAll(st.Items, items, f, out var defined))
                {
                    value = null;
                    return false;
                }

                value = defined ? SetValue.Of(items) : null;
                return true;
            }

            case ObjectTerm ot:
            {
                var keys = new Value[ot.Keys.Length];
                var vals = new Value[ot.Values.Length];
                if (!TryEvalAll(ot.Keys, keys, f, out var kd) || !TryEvalAll(ot.Values, vals, f, out var vd))
                {
                    value = null;
                    return false;
                }

                if (!kd || !vd)
                {
                    value = null;
                    return true;
                }

                var ob = new ObjectBuilder();
                for (var i = 0; i < keys.Length; i++)
                {
                    ob.Set(keys[i], vals[i]);
                }

                value = ob.Build();
                return true;
            }

            default:
                value = null;
                return false;
        }
    }

    /// <summary>
    /// A ground ref into data without overrides: walks the rule tree and base data directly. False (general
    /// path) where a document must be materialised or merged, or a key is not ground.
    /// </summary>
    private bool TryEvalDataRef(RefTerm r, Value?[] f, out Value? value)
    {
        DataNode? node = _policy.Root;
        Value? cur = _data;
        var path = r.Path;
        var i = 0;
        var fromBase = true;
        for (; i < path.Length && node is not null && node.Rules is null; i++)
        {
            if (!GroundKey(path[i], f, out var key))
            {
                value = null;
                return false;
            }

            DataNode? child = null;
            if (key is StringValue s)
            {
                node.Children.TryGetValue(s.Value, out child);
            }

            cur = cur is null ? null : StorageLookup(cur, key);
            node = child;
        }

        if (node is not null)
        {
            if (node.Rules is not { } rs || node.Children.Count > 0)
            {
                value = null;
                return false;
            }

            if (rs.IsFunction)
            {
                value = null;
                return true;
            }

            // Base data at a rule's path wins over the rule, as in WalkData.
            if (cur is null)
            {
                cur = RuleSetValue(rs);
                fromBase = false;
            }
        }

        for (; i < path.Length; i++)
        {
            if (!GroundKey(path[i], f, out var key))
            {
                value = null;
                return false;
            }

            if (cur is not null)
            {
                cur = fromBase ? StorageLookup(cur, key) : Lookup(cur, key);
            }
        }

        value = cur;
        return true;
    }

    private static bool GroundKey(Term t, Value?[] f, out Value key)
    {
        switch (t)
        {
            case ValueTerm kv:
                key = kv.Value;
                return true;
            case VarTerm { Slot: >= 0 } kvar when f[kvar.Slot] is { } bound:
                key = bound;
                return true;
            default:
                key = null!;
                return false;
        }
    }

    /// <summary>A user function call whose operands are single-valued: the memo is checked before any array is allocated.</summary>
    private bool TryCallFunction(CallTerm c, Value?[] f, out Value? value)
    {
        var inputArgs = c.InputArgs.Length == 0 && c.Args.Length > 0 ? c.Args : c.InputArgs;
        var depth = _callDepth++;
        try
        {
            var args = RentArgs(depth, inputArgs.Length);
            if (!TryEvalAll(inputArgs, args, f, out var defined))
            {
                value = null;
                return false;
            }

            if (!defined)
            {
                value = null;
                return true;
            }

            var rs = c.FunctionRuleSet ??= _policy.FindRuleSet(c.FunctionPath!);
            value = rs is null ? null : CallFunction(rs, args, c, rentedArgs: true);
            return true;
        }
        finally
        {
            _callDepth--;
        }
    }

    /// <summary>Evaluates a term to each of its values (refs with unbound variables enumerate).</summary>
    private bool EvalTerm(Term t, Value?[] f, Func<Value, bool> k)
    {
        if (t is RefTerm or CallTerm or ArrayTerm or ObjectTerm or SetTerm && TryEvalSingle(t, f, out var single))
        {
            return single is null || k(single);
        }

        switch (t)
        {
            case ValueTerm c:
                return k(c.Value);
            case VarTerm v:
                if (v.Slot >= 0)
                {
                    var val = f[v.Slot];
                    if (val is null)
                    {
                        throw new RegoException("rego_unsafe_var_error", $"var {v.Name} is unsafe", v.Location);
                    }

                    return k(val);
                }

                if (v.Slot == Compiler.InputSlot)
                {
                    return _env.Input is null || k(_env.Input);
                }

                var all = Materialize(_policy.Root, _data, _env.Data);
                return all is null || k(all);
            case RefTerm r:
                return EvalRef(r, f, k);
            case CallTerm c:
                return EvalCall(c, f, k, statement: false);
            case ArrayTerm or SetTerm or ObjectTerm:
                return EvalComposite(t, f, k);

            case ComprehensionTerm ct:
                return k(EvalComprehension(ct, f));
            case TemplateTerm tt:
                return k(EvalTemplate(tt, f));
            default:
                return true;
        }
    }

    private bool EvalComposite(Term t, Value?[] f, Func<Value, bool> k)
    {
        switch (t)
        {
            case ArrayTerm a:
            {
                var buf = new Value[a.Items.Length];
                return EvalItems(a.Items, 0, buf, f, () => k(new ArrayValue((Value[])buf.Clone())));
            }

            case SetTerm s:
            {
                var buf = new Value[s.Items.Length];
                return EvalItems(s.Items, 0, buf, f, () => k(SetValue.Of((Value[])buf.Clone())));
            }

            default:
            {
                var o = (ObjectTerm)t;
                var keys = new Value[o.Keys.Length];
                var vals = new Value[o.Values.Length];
                return EvalItems(o.Keys, 0, keys, f, () => EvalItems(o.Values, 0, vals, f, () =>
                {
                    var b = new ObjectBuilder();
                    for (var i = 0; i < keys.Length; i++)
                    {
                        b.Set(keys[i], vals[i]);
                    }

                    return k(b.Build());
                }));
            }
        }
    }

    private bool EvalItems(Term[] items, int i, Value[] buf, Value?[] f, Func<bool> k)
    {
        if (i == items.Length)
        {
            return k();
        }

        return EvalTerm(items[i], f, v =>
        {
            buf[i] = v;
            return EvalItems(items, i + 1, buf, f, k);
        });
    }

    private Value EvalComprehension(ComprehensionTerm ct, Value?[] f)
    {
        switch (ct.Kind)
        {
            case ComprehensionKind.Array:
            {
                var list = new List<Value>();
                EvalBody(ct.Body, 0, f, () => EvalTerm(ct.Value, f, v =>
                {
                    list.Add(v);
                    return true;
                }));
                return new ArrayValue(list.ToArray());
            }

            case ComprehensionKind.Set:
            {
                var list = new List<Value>();
                EvalBody(ct.Body, 0, f, () => EvalTerm(ct.Value, f, v =>
                {
                    list.Add(v);
                    return true;
                }));
                return SetValue.FromList(list);
            }

            default:
            {
                var b = new ObjectBuilder();
                EvalBody(ct.Body, 0, f, () => EvalTerm(ct.Key!, f, key => EvalTerm(ct.Value, f, v =>
                {
                    var existing = b.TryAdd(key, v);
                    if (existing is not null && !existing.Equals(v))
                    {
                        throw new RegoException("eval_conflict_error", "object keys must be unique", ct.Location);
                    }

                    return true;
                })));
                return b.Build();
            }
        }
    }

    private Value EvalTemplate(TemplateTerm tt, Value?[] f)
    {
        var sb = new StringBuilder();
        foreach (var p in tt.Parts)
        {
            if (p is string s)
            {
                sb.Append(s);
                continue;
            }

            var e = (Expr)p;
            Value? result = null;
            Func<bool> body = () => EvalTerm(e.Term ?? new ValueTerm(Value.True, e.Location), f, v =>
            {
                result = v;
                return false;
            });
            if (e.With.Count > 0)
            {
                var inner = new Expr(ExprKind.Term, e.Location) { Term = e.Term };
                inner.With.AddRange(e.With);
                WithEnv(inner, f, body);
            }
            else
            {
                body();
            }

            switch (result)
            {
                case null:
                    sb.Append("<undefined>");
                    break;
                case StringValue sv:
                    sb.Append(sv.Value);
                    break;
                default:
                    result.WriteRego(sb);
                    break;
            }
        }

        return new StringValue(sb.ToString());
    }

    private bool EvalRef(RefTerm r, Value?[] f, Func<Value, bool> k)
    {
        switch (r.Head)
        {
            case VarTerm { Slot: Compiler.DataSlot }:
                return WalkData(_policy.Root, _data, _env.Data, r.Path, 0, f, k);
            case VarTerm { Slot: Compiler.InputSlot }:
                return _env.Input is null || WalkValue(_env.Input, r.Path, 0, f, k);
            default:
                return EvalTerm(r.Head, f, WalkThen(r, f, k));
        }
    }

    private Func<Value, bool> WalkThen(RefTerm r, Value?[] f, Func<Value, bool> k) => hv => WalkValue(hv, r.Path, 0, f, k);

    /// <summary>A constant field of an object, trying the position where the same ref found it last.</summary>
    private static Value? Field(ObjectValue o, StringValue field, ValueTerm site)
    {
        var keys = o.Keys;
        var hint = site.LookupHint;
        if ((uint)hint < (uint)keys.Length)
        {
            var k = keys[hint];
            if (ReferenceEquals(k, site.LookupKey) || ReferenceEquals(k, field))
            {
                return o.Values[hint];
            }

            if (k is StringValue s && string.Equals(s.Value, field.Value, StringComparison.Ordinal))
            {
                site.LookupKey = s;
                return o.Values[hint];
            }
        }

        var i = o.IndexOf(field);
        if (i < 0)
        {
            return null;
        }

        site.LookupKey = keys[i];
        site.LookupHint = i;
        return o.Values[i];
    }

    internal static Value? Lookup(Value cur, Value key)
    {
        switch (cur)
        {
            case ObjectValue o:
                return o.Get(key);
            case ArrayValue a:
                if (key is NumberValue n && n.TryGetInt32(out var i) && i >= 0 && i < a.Count)
                {
                    return a[i];
                }

                return null;
            case SetValue s:
                return s.Contains(key) ? key : null;
            default:
                return null;
        }
    }

    private bool WalkValue(Value cur, Term[] path, int i, Value?[] f, Func<Value, bool> k)
    {
        if (i == path.Length)
        {
            return k(cur);
        }

        var key = path[i];
        if (key is ValueTerm vt)
        {
            var next = cur is ObjectValue o && vt.Value is StringValue field ? Field(o, field, vt) : Lookup(cur, vt.Value);
            return next is null || WalkValue(next, path, i + 1, f, k);
        }

        if (key is VarTerm { Slot: >= 0 } kv && f[kv.Slot] is { } bound)
        {
            var next = Lookup(cur, bound);
            return next is null || WalkValue(next, path, i + 1, f, k);
        }

        return WalkValueGeneral(cur, key, path, i, f, k);
    }

    private bool WalkValueGeneral(Value cur, Term key, Term[] path, int i, Value?[] f, Func<Value, bool> k)
    {
        if (IsUnboundPattern(key, f))
        {
            return EachChild(cur, key, f, item => WalkValue(item, path, i + 1, f, k));
        }

        return EvalTerm(key, f, kval =>
        {
            var next = Lookup(cur, kval);
            return next is null || WalkValue(next, path, i + 1, f, k);
        });
    }

    /// <summary>
    /// An unbound key over a collection: each child whose index, key or member unifies with <paramref name="key"/>
    /// is walked on by <paramref name="walk"/>; a scalar has no children.
    /// </summary>
    private bool EachChild(Value cur, Term key, Value?[] f, Func<Value, bool> walk)
    {
        switch (cur)
        {
            case ArrayValue a:
                for (var j = 0; j < a.Count; j++)
                {
                    var item = a[j];
                    if (!UnifyValue(key, NumberValue.FromInt64(j), f, () => walk(item)))
                    {
                        return false;
                    }
                }

                return true;
            case ObjectValue o:
                for (var j = 0; j < o.Count; j++)
                {
                    var item = o.Values[j];
                    if (!UnifyValue(key, o.Keys[j], f, () => walk(item)))
                    {
                        return false;
                    }
                }

                return true;
            case SetValue s:
                for (var j = 0; j < s.Count; j++)
                {
                    var item = s.Items[j];
                    if (!UnifyValue(key, item, f, () => walk(item)))
                    {
                        return false;
                    }
                }

                return true;
            default:
                return true;
        }
    }
}
