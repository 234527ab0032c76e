using GitOpsFleet.Policies.Ast;
using GitOpsFleet.Policies.Compilation;
using GitOpsFleet.Policies.Values;

namespace GitOpsFleet.Policies.Evaluation;

internal sealed partial class Evaluator
{
    private bool WalkData(DataNode? node, Value? baseVal, OverrideNode? ov, Term[] path, int i, Value?[] f, Func<Value, bool> k)
    {
        if (ov?.Value is { } replaced)
        {
            return WalkValue(replaced, path, i, f, k);
        }

        if (node?.Rules is { } rs)
        {
            if (rs.IsFunction)
            {
                return true;
            }

            // Base data at a rule's path wins over the rule, as in OPA.
            var v = baseVal ?? RuleSetValue(rs);
            if (v is not null && node.Children.Count > 0)
            {
                v = MergeRuleChildren(v, node, rs);
            }

            if (v is null)
            {
                return true;
            }

            if (ov is not null && ov.Children.Count > 0)
            {
                v = ApplyOverrides(v, ov);
            }

            return ReferenceEquals(v, baseVal) ? WalkBase(v, path, i, f, k) : WalkValue(v, path, i, f, k);
        }

        if (node is null && (ov is null || ov.Children.Count == 0))
        {
            return baseVal is null || WalkBase(baseVal, path, i, f, k);
        }

        if (i == path.Length)
        {
            var m = Materialize(node, baseVal, ov);
            return m is null || k(m);
        }

        var key = path[i];
        Value? keyVal = key switch
        {
            ValueTerm vt => vt.Value,
            VarTerm { Slot: >= 0 } kv => f[kv.Slot],
            _ => null,
        };
        if (keyVal is not null)
        {
            return StepData(node, baseVal, ov, keyVal, path, i, f, k);
        }

        return WalkDataGeneral(node, baseVal, ov, key, path, i, f, k);
    }

    private bool WalkDataGeneral(DataNode? node, Value? baseVal, OverrideNode? ov, Term key, Term[] path, int i, Value?[] f, Func<Value, bool> k)
    {
        if (!IsUnboundPattern(key, f))
        {
            return EvalTerm(key, f, kv => StepData(node, baseVal, ov, kv, path, i, f, k));
        }

        // Enumerate every key: rule children, base data and overrides.
        var keys = new SortedSet<string>(StringComparer.Ordinal);
        if (node is not null)
        {
            keys.UnionWith(node.Children.Keys);
        }

        if (ov is not null)
        {
            keys.UnionWith(ov.Children.Keys);
        }

        var nonString = new List<Value>();
        if (baseVal is ObjectValue bo)
        {
            foreach (var bk in bo.Keys)
            {
                if (bk is StringValue s)
                {
                    keys.Add(s.Value);
                }
                else
                {
                    nonString.Add(bk);
                }
            }
        }

        foreach (var name in keys)
        {
            var kv = new StringValue(name);
            if (!UnifyValue(key, kv, f, () => StepData(node, baseVal, ov, kv, path, i, f, k)))
            {
                return false;
            }
        }

        foreach (var kv in nonString)
        {
            if (!UnifyValue(key, kv, f, () => StepData(node, baseVal, ov, kv, path, i, f, k)))
            {
                return false;
            }
        }

        return true;
    }

    private bool StepData(DataNode? node, Value? baseVal, OverrideNode? ov, Value key, Term[] path, int i, Value?[] f, Func<Value, bool> k)
    {
        var childBase = baseVal is null ? null : StorageLookup(baseVal, key);
        if (key is StringValue s)
        {
            DataNode? child = null;
            node?.Children.TryGetValue(s.Value, out child);
            OverrideNode? childOv = null;
            ov?.Children.TryGetValue(s.Value, out childOv);
            return WalkData(child, childBase, childOv, path, i + 1, f, k);
        }

        return childBase is null || WalkBase(childBase, path, i + 1, f, k);
    }

    /// <summary>The full document under a node: base data merged with every rule value below it.</summary>
    private Value? Materialize(DataNode? node, Value? baseVal, OverrideNode? ov)
    {
        if (ov?.Value is { } replaced)
        {
            return replaced;
        }

        if (node?.Rules is { } rs)
        {
            if (rs.IsFunction)
            {
                return null;
            }

            var v = baseVal ?? RuleSetValue(rs);
            if (v is not null && node.Children.Count > 0)
            {
                v = MergeRuleChildren(v, node, rs);
            }

            return v is not null && ov is not null ? ApplyOverrides(v, ov) : v;
        }

        if (node is null)
        {
            return ov is null ? baseVal : ApplyOverrides(baseVal ?? ObjectValue.Empty, ov);
        }

        var start = baseVal as ObjectValue ?? ObjectValue.Empty;
        return MergeChildren(start, node, baseVal, ov);
    }

    private ObjectValue MergeChildren(ObjectValue start, DataNode node, Value? baseVal, OverrideNode? ov)
    {
        var b = new ObjectBuilder(start);
        foreach (var kv in node.Children)
        {
            var key = new StringValue(kv.Key);
            OverrideNode? childOv = null;
            ov?.Children.TryGetValue(kv.Key, out childOv);
            var childBase = baseVal is null ? null : StorageLookup(baseVal, key);
            var cv = Materialize(kv.Value, childBase, childOv);
            if (cv is not null)
            {
                b.Set(key, cv);
            }
            else if (kv.Value.Rules is { IsFunction: false })
            {
                b.Remove(key);
            }
        }

        if (ov is not null)
        {
            foreach (var kv in ov.Children)
            {
                if (!node.Children.ContainsKey(kv.Key))
                {
                    var key = new StringValue(kv.Key);
                    b.TryGet(key, out var existing);
                    b.Set(key, kv.Value.Value ?? ApplyOverrides(existing ?? ObjectValue.Empty, kv.Value));
                }
            }
        }

        return b.Build();
    }

    /// <summary>Merges documents of rules defined below a rule's own path (ref heads) into its value; differing leaves conflict.</summary>
    private Value? MergeRuleChildren(Value v, DataNode node, RuleSet rs)
    {
        foreach (var kv in node.Children)
        {
            var cv = Materialize(kv.Value, null, null);
            if (cv is null)
            {
                continue;
            }

            var key = new StringValue(kv.Key);
            var existing = Lookup(v, key);
            var tail = 0;
            foreach (var r in rs.Rules)
            {
                tail = Math.Max(tail, r.Tail.Length);
            }

            var merged = existing is null ? cv : MergeDeep(existing, cv, rs, tail - 1);
            v = v is ObjectValue o ? o.With(key, merged) : ObjectValue.Empty.With(key, merged);
        }

        return v;
    }

    /// <summary><paramref name="structural"/> counts object levels built from head refs; below them sit rule values, which cannot be extended.</summary>
    private static Value MergeDeep(Value a, Value b, RuleSet rs, int structural)
    {
        if (a is ObjectValue oa && b is ObjectValue ob && structural > 0)
        {
            var builder = new ObjectBuilder(oa);
            for (var i = 0; i < ob.Count; i++)
            {
                var k = ob.Keys[i];
                builder.Set(k, oa.Get(k) is { } ea ? MergeDeep(ea, ob.Values[i], rs, structural - 1) : ob.Values[i]);
            }

            return builder.Build();
        }

        if (a is SetValue sa && b is SetValue sb && structural == 0 && rs.IsMultiValue)
        {
            return sa.Union(sb);
        }

        if (a.Equals(b))
        {
            return a;
        }

        throw new RegoException("eval_conflict_error", "object keys must be unique", rs.Rules.Count > 0 ? rs.Rules[0].Location : null);
    }

    private static Value ApplyOverrides(Value v, OverrideNode ov)
    {
        if (ov.Value is not null)
        {
            return ov.Value;
        }

        if (ov.Children.Count == 0)
        {
            return v;
        }

        var b = v is ObjectValue o ? new ObjectBuilder(o) : new ObjectBuilder();
        foreach (var kv in ov.Children)
        {
            var key = new StringValue(kv.Key);
            b.TryGet(key, out var existing);
            b.Set(key, ApplyOverrides(existing ?? ObjectValue.Empty, kv.Value));
        }

        return b.Build();
    }

    /// <summary>The document a rule set defines (cached per environment), or null when undefined.</summary>
    private Value? RuleSetValue(RuleSet rs)
    {
        var env = _env;
        var state = env.RuleState[rs.Id];
        if (state == 2)
        {
            return env.RuleValues[rs.Id];
        }

        if (state == 1)
        {
            throw new RegoException("rego_recursion_error", $"rule {rs.DottedPath} is recursive", rs.Rules.Count > 0 ? rs.Rules[0].Location : null);
        }

        EnsureStack(rs.Rules.Count > 0 ? rs.Rules[0].Location : null);
        env.RuleState[rs.Id] = 1;
        Value? result;
        try
        {
            result = ComputeRuleSet(rs);
        }
        catch
        {
            env.RuleState[rs.Id] = 0;
            throw;
        }

        env.RuleValues[rs.Id] = result;
        env.RuleState[rs.Id] = 2;
        return result;
    }

    /// <summary>The rules that can match: all, or via the rule index only those whose constant equals the input value.</summary>
    private List<Rule> CandidateRules(RuleSet rs)
    {
        if (rs.RuleIndex is null)
        {
            return rs.Rules;
        }

        if (!TryEvalSingle(rs.IndexRef!, [], out var v) || v is null)
        {
            return v is null ? rs.UnindexedRules! : rs.Rules;
        }

        if (!rs.RuleIndex.TryGetValue(v, out var hit))
        {
            return rs.UnindexedRules!;
        }

        return rs.UnindexedRules!.Count == 0 ? hit : [.. hit, .. rs.UnindexedRules!];
    }

    private Value? ComputeRuleSet(RuleSet rs)
    {
        var rules = CandidateRules(rs);
        if (!rs.HasTail && !rs.IsMultiValue)
        {
            Value? result = null;
            Rule? resultRule = null;
            foreach (var rule in rules)
            {
                var v = EvalCompleteChain(rule);
                if (v is null)
                {
                    continue;
                }

                if (result is not null && !result.Equals(v))
                {
                    throw new RegoException("eval_conflict_error", "complete rules must not produce multiple outputs", rule.Location);
                }

                result = v;
                resultRule = rule;
            }

            if (result is null && rs.Default is { } d)
            {
                result = EvalDefault(d);
            }

            return result;
        }

        if (rs.IsMultiValue && !rs.HasTail)
        {
            var items = new List<Value>();
            var savedRule = _currentRule;
            foreach (var rule in rules)
            {
                _currentRule = rule;
                var frame = new Value?[rule.SlotCount];
                EvalBody(rule.Body, 0, frame, () => EvalTerm(rule.Value!, frame, v =>
                {
                    _coverage?.Hit(rule.Location);
                    items.Add(v);
                    return true;
                }));
            }

            _currentRule = savedRule;

            return SetValue.FromList(items);
        }

        var tree = new DocTree();
        var any = false;
        var savedTailRule = _currentRule;
        foreach (var rule in rules)
        {
            _currentRule = rule;
            var frame = new Value?[rule.SlotCount];
            var keys = new Value[rule.Tail.Length];
            EvalBody(rule.Body, 0, frame, () => EvalItems(rule.Tail, 0, keys, frame, () => EvalTerm(rule.Value!, frame, v =>
            {
                any = true;
                _coverage?.Hit(rule.Location);
                if (!tree.Insert(keys, v, rs.IsMultiValue))
                {
                    throw new RegoException("eval_conflict_error", "object keys must be unique", rule.Location);
                }

                return true;
            })));
        }

        _currentRule = savedTailRule;
        if (!any && rs.Default is { } dflt)
        {
            return EvalDefault(dflt);
        }

        return tree.Build();
    }

    private Value? EvalDefault(Rule d)
    {
        var frame = new Value?[d.SlotCount];
        Value? result = null;
        EvalTerm(d.Value!, frame, v =>
        {
            _coverage?.Hit(d.Location);
            result = v;
            return false;
        });
        return result;
    }

    /// <summary>A complete rule and its else chain: the first rule in the chain whose body holds gives the value.</summary>
    private Value? EvalCompleteChain(Rule rule)
    {
        for (var r = rule; r is not null; r = r.Else)
        {
            var frame = new Value?[r.SlotCount];
            Value? result = null;
            var constant = r.Value is ValueTerm;
            var cur = r;
            var savedRule = _currentRule;
            _currentRule = rule;
            EvalBody(r.Body, 0, frame, () => EvalTerm(cur.Value!, frame, v =>
            {
                if (result is not null && !result.Equals(v))
                {
                    throw new RegoException("eval_conflict_error", "complete rules must not produce multiple outputs", cur.Location);
                }

                _coverage?.Hit(cur.Location);
                result = v;
                return !constant;
            }));
            _currentRule = savedRule;
            if (result is not null)
            {
                return result;
            }
        }

        return null;
    }

    private Value? CallFunction(RuleSet rs, Value[] args, Ast.CallTerm call, bool rentedArgs = false)
    {
        EnsureStack(call.Location);
        if (TryInlineCall(rs, args, out var inlined))
        {
            return inlined;
        }

        var key = new FunctionCacheKey(rs.Id, args);
        if (_env.FunctionCache(rs.Id).TryGetValue(key, out var cached))
        {
            return cached;
        }

        if (rentedArgs)
        {
            // The memo keeps the operands: a reused operand array must not be stored.
            args = (Value[])args.Clone();
            key = new FunctionCacheKey(rs.Id, args);
        }

        var candidates = rs.Rules;
        if (rs.FirstArgIndex is not null)
        {
            candidates = rs.FirstArgIndex.TryGetValue(args[0], out var hit)
                ? hit.Count == 0 ? rs.NonIndexedRules! : [.. hit, .. rs.NonIndexedRules!]
                : rs.NonIndexedRules!;
        }

        Value? result = null;
        var savedFnRule = _currentRule;
        foreach (var rule in candidates)
        {
            _currentRule = rule;
            for (var r = rule; r is not null; r = r.Else)
            {
                if (r.Args!.Length != args.Length)
                {
                    throw new RegoException("rego_type_error", $"{rs.DottedPath}: arity mismatch", call.Location);
                }

                var frame = new Value?[r.SlotCount];
                Value? chainResult = null;
                var cur = r;
                UnifyArgs(r.Args, args, 0, frame, () => EvalBody(cur.Body, 0, frame, () => EvalTerm(cur.Value!, frame, v =>
                {
                    if (chainResult is not null && !chainResult.Equals(v))
                    {
                        throw new RegoException("eval_conflict_error", "functions must not produce multiple outputs for same inputs", cur.Location);
                    }

                    _coverage?.Hit(cur.Location);
                    chainResult = v;
                    return true;
                })));
                if (chainResult is null)
                {
                    continue;
                }

                if (result is not null && !result.Equals(chainResult))
                {
                    throw new RegoException("eval_conflict_error", "functions must not produce multiple outputs for same inputs", r.Location);
                }

                result = chainResult;
                break;
            }
        }

        _currentRule = savedFnRule;
        if (result is null && rs.Default is { } d)
        {
            result = EvalDefault(d);
        }

        _env.FunctionCache(rs.Id)[key] = result;
        return result;
    }

    private Rule? _currentRule;

    /// <summary>Deep (e.g. recursive through dynamic refs) evaluation fails as an error instead of overflowing the stack.</summary>
    private static void EnsureStack(Syntax.SourceLocation? location)
    {
        if (!System.Runtime.CompilerServices.RuntimeHelpers.TryEnsureSufficientExecutionStack())
        {
            throw new RegoException("rego_recursion_error", "evaluation nested too deeply (recursive rule or function?)", location);
        }
    }

    private Value MetadataRule() =>
        _currentRule?.Annotations is ObjectValue a && a.Get("scope") is StringValue { Value: "rule" } ? a : ObjectValue.Empty;

    /// <summary>rego.metadata.chain(): the rule, document-scoped annotations of its rule set, then its package's.</summary>
    private Value MetadataChain()
    {
        var rule = _currentRule;
        if (rule is null)
        {
            return ArrayValue.Empty;
        }

        static Value Entry(string[] path, Value? annotations)
        {
            var b = new ObjectBuilder();
            b.Set("path", new ArrayValue(Array.ConvertAll(path, p => (Value)new StringValue(p))));
            if (annotations is not null)
            {
                b.Set("annotations", annotations);
            }

            return b.Build();
        }

        var chain = new List<Value> { Entry(rule.Path, MetadataRule() is ObjectValue { Count: > 0 } ra ? ra : null) };
        if (_policy.FindRuleSet(rule.Path) is { } rs)
        {
            foreach (var r in rs.Rules)
            {
                if (r.Annotations is ObjectValue a && a.Get("scope") is StringValue { Value: "document" })
                {
                    chain.Add(Entry(rule.Path, a));
                    break;
                }
            }
        }

        var package = rule.Module?.Package ?? [];
        foreach (var m in _policy.Modules)
        {
            if (m.PackageAnnotations is ObjectValue pa && m.Package.AsSpan().SequenceEqual(package))
            {
                chain.Add(Entry(package, pa));
                break;
            }
        }

        return new ArrayValue(chain.ToArray());
    }

    private bool UnifyArgs(Term[] patterns, Value[] args, int i, Value?[] frame, Func<bool> k)
    {
        if (i == patterns.Length)
        {
            return k();
        }

        return UnifyValue(patterns[i], args[i], frame, () => UnifyArgs(patterns, args, i + 1, frame, k));
    }
}
