using GitOpsFleet.Policies.Ast;
using GitOpsFleet.Policies.Builtins;
using GitOpsFleet.Policies.Syntax;
using GitOpsFleet.Policies.Values;

namespace GitOpsFleet.Policies.Compilation;

/// <summary>
/// Compiles parsed modules. Stages, in order: (1) group rules into rule sets by data path and build
/// the document tree, because name resolution needs to know every rule name of a package;
/// (2) resolve names and number variable slots per rule; (3) reorder body literals so each variable
/// is bound before it is read; (4) build first-argument indexes for functions.
/// Errors are collected and thrown together.
/// </summary>
internal sealed partial class Compiler
{
    public const int InputSlot = -2;
    public const int DataSlot = -3;

    private readonly BuiltinRegistry _builtins;
    private readonly DataNode _root = new("data");
    private readonly List<RuleSet> _ruleSets = [];
    private readonly Dictionary<string, HashSet<string>> _packageNames = new(StringComparer.Ordinal);
    private readonly List<RegoException> _errors = [];

    private Compiler(BuiltinRegistry builtins) => _builtins = builtins;

    /// <exception cref="RegoAggregateException">When any module fails to compile.</exception>
    public static CompiledPolicy Compile(IReadOnlyList<Module> modules, BuiltinRegistry builtins, bool strict = false)
    {
        var c = new Compiler(builtins);
        c.Group(modules);
        foreach (var m in modules)
        {
            foreach (var r in m.Rules)
            {
                c.CompileRuleChain(r, m);
            }
        }

        if (c._errors.Count == 0)
        {
            c.CheckRecursion();
        }

        // After every rule is resolved: only then is the set of imports used known.
        if (strict)
        {
            c.CheckImports(modules);
        }

        foreach (var rs in c._ruleSets)
        {
            BuildIndex(rs);
        }

        if (c._errors.Count > 0)
        {
            throw new RegoAggregateException(c._errors);
        }

        return new CompiledPolicy(c._root, c._ruleSets, modules, builtins);
    }

    /// <summary>Compiles a query against a compiled policy (the query sees no package or imports).</summary>
    public static CompiledQuery CompileQuery(CompiledPolicy policy, List<Expr> body, Module? context = null, bool captureExpressions = false, string[]? texts = null)
    {
        var exprNames = new string[body.Count];
        if (captureExpressions)
        {
            // Each plain term literal t becomes "$exprN = t; $exprN != false" so its value can be reported.
            var rewritten = new List<Expr>(body.Count * 2);
            for (var i = 0; i < body.Count; i++)
            {
                var e = body[i];
                if (e.Kind == ExprKind.Term && !e.Negated && e.With.Count == 0 && e.Term is not CallTerm { Name: "print" })
                {
                    var name = "$expr" + i;
                    exprNames[i] = name;
                    rewritten.Add(new Expr(ExprKind.Unify, e.Location) { Left = new VarTerm(name, e.Location), Right = e.Term });
                    rewritten.Add(new Expr(ExprKind.Term, e.Location)
                    {
                        Term = new CallTerm("neq", [new VarTerm(name, e.Location), new ValueTerm(Value.False, e.Location)], e.Location),
                    });
                }
                else
                {
                    rewritten.Add(e);
                }
            }

            body = rewritten;
        }

        var c = new Compiler(policy.Builtins);
        foreach (var rs in policy.RuleSets)
        {
            c._ruleSets.Add(rs);
        }

        CopyTree(policy.Root, c._root);
        if (context is not null)
        {
            c.AddPackageNames(policy.Modules);
        }

        var counter = new SlotCounter();
        var scope = new Scope(null, counter);
        var ctx = new Ctx(context, c);
        var resolved = c.ResolveBody(body, scope, ctx, reuseScope: true);
        resolved = Reorder(resolved, []);
        if (c._errors.Count > 0)
        {
            throw new RegoAggregateException(c._errors);
        }

        var outputs = new List<KeyValuePair<string, int>>();
        var seen = new HashSet<string>(StringComparer.Ordinal);
        foreach (var name in ctx.QueryVarOrder)
        {
            var slot = scope.Lookup(name);
            if (slot >= 0 && !name.StartsWith('$') && seen.Add(name))
            {
                outputs.Add(new(name, slot));
            }
        }

        var slots = Array.ConvertAll(exprNames, n => n is null ? -1 : scope.Lookup(n));
        return new CompiledQuery(resolved, counter.Count, outputs, slots, texts ?? new string[exprNames.Length]);
    }

    private static void CopyTree(DataNode from, DataNode to)
    {
        to.Rules = from.Rules;
        foreach (var kv in from.Children)
        {
            CopyTree(kv.Value, to.Child(kv.Key));
        }
    }

    private void AddPackageNames(IReadOnlyList<Module> modules)
    {
        foreach (var m in modules)
        {
            var key = string.Join('.', m.Package);
            if (!_packageNames.TryGetValue(key, out var names))
            {
                names = new HashSet<string>(StringComparer.Ordinal);
                _packageNames[key] = names;
            }

            foreach (var r in m.Rules)
            {
                names.Add(r.Name);
            }
        }
    }

    private void Group(IReadOnlyList<Module> modules)
    {
        AddPackageNames(modules);
        var byPath = new Dictionary<string, RuleSet>(StringComparer.Ordinal);
        foreach (var m in modules)
        {
            // An empty package still exists in data (as an empty object).
            var pkgNode = _root;
            foreach (var p in m.Package)
            {
                pkgNode = pkgNode.Child(p);
            }

            foreach (var r in m.Rules)
            {
                var path = new List<string>(m.Package);
                var i = 0;
                for (; i < r.Head.Length; i++)
                {
                    var h = r.Head[i];
                    if (i == 0 && h is VarTerm v)
                    {
                        path.Add(v.Name);
                    }
                    else if (h is ValueTerm { Value: StringValue s } && (r.Kind != RuleKind.MultiValue || i < r.Head.Length))
                    {
                        path.Add(s.Value);
                    }
                    else
                    {
                        break;
                    }
                }

                r.Path = path.ToArray();
                r.Tail = r.Head[i..];
                var key = string.Join('\u0001', r.Path);
                if (!byPath.TryGetValue(key, out var rs))
                {
                    rs = new RuleSet(r.Path, _ruleSets.Count);
                    byPath[key] = rs;
                    _ruleSets.Add(rs);
                    var node = _root;
                    foreach (var p in r.Path)
                    {
                        node = node.Child(p);
                    }

                    node.Rules = rs;
                    rs.IsFunction = r.Kind == RuleKind.Function;
                    rs.IsMultiValue = r.Kind == RuleKind.MultiValue;
                    rs.Arity = r.Args?.Length ?? 0;
                }
                else if (rs.IsFunction != (r.Kind == RuleKind.Function))
                {
                    _errors.Add(new RegoException("rego_type_error", $"conflicting rules {rs.DottedPath} found", r.Location));
                    continue;
                }
                else if (rs.IsMultiValue != (r.Kind == RuleKind.MultiValue) && !r.IsDefault)
                {
                    _errors.Add(new RegoException("rego_type_error", $"conflicting rules {rs.DottedPath} found", r.Location));
                    continue;
                }

                if (r.Tail.Length > 0)
                {
                    rs.HasTail = true;
                }

                for (var e = r.Else; e is not null; e = e.Else)
                {
                    e.Path = r.Path;
                    e.Tail = r.Tail;
                }

                if (r.IsDefault)
                {
                    if (rs.Default is not null)
                    {
                        _errors.Add(new RegoException("rego_type_error", $"multiple default rules {rs.DottedPath} found", r.Location));
                    }

                    rs.Default = r;
                }
                else
                {
                    rs.Rules.Add(r);
                }
            }
        }
    }

    private void CompileRuleChain(Rule rule, Module m)
    {
        for (var r = rule; r is not null; r = r.Else)
        {
            var counter = new SlotCounter();
            var scope = new Scope(null, counter);
            var ctx = new Ctx(m, this);
            try
            {
                if (r.Args is not null)
                {
                    // Operands that are not plain patterns (template strings, calls, refs) become a fresh
                    // argument variable unified with the term inside the body, so the body can bind their variables.
                    var args = (Term[])r.Args.Clone();
                    var extra = new List<Expr>();
                    for (var i = 0; i < args.Length; i++)
                    {
                        if (!IsPattern(args[i]))
                        {
                            var fresh = Syntax.Parser.Generated("arg", args[i].Location);
                            extra.Add(new Expr(ExprKind.Unify, args[i].Location) { Left = new VarTerm(fresh.Name, fresh.Location), Right = args[i] });
                            args[i] = fresh;
                        }
                    }

                    if (extra.Count > 0)
                    {
                        r.Args = args;
                        r.Body = [.. r.Body, .. extra];
                    }

                    var names = new List<VarTerm>();
                    foreach (var a in r.Args)
                    {
                        CollectVars(a, names);
                    }

                    foreach (var v in names)
                    {
                        if (!scope.DeclaredHere(v.Name))
                        {
                            scope.Declare(v.Name);
                        }
                    }

                    r.Args = Array.ConvertAll(r.Args, a => ResolveTerm(a, scope, ctx));
                }

                r.Body = ResolveBody(r.Body, scope, ctx, reuseScope: true);
                var headVars = new List<VarTerm>();
                foreach (var t in r.Tail)
                {
                    CollectVars(t, headVars);
                }

                if (r.Value is not null)
                {
                    CollectVars(r.Value, headVars);
                }

                foreach (var v in headVars)
                {
                    if (scope.Lookup(v.Name) < 0 && !ctx.IsGlobal(v.Name))
                    {
                        if (v.IsGenerated)
                        {
                            scope.Declare(v.Name);
                        }
                        else
                        {
                            _errors.Add(new RegoException("rego_unsafe_var_error", $"var {v.Name} is unsafe", v.Location));
                        }
                    }
                }

                r.Tail = Array.ConvertAll(r.Tail, t => ResolveTerm(t, scope, ctx));
                r.Value = r.Value is null ? null : ResolveTerm(r.Value, scope, ctx);
                var bound = new HashSet<int>();
                if (r.Args is not null)
                {
                    foreach (var a in r.Args)
                    {
                        CollectSlots(a, bound);
                    }
                }

                r.Body = Reorder(r.Body, bound);
            }
            catch (RegoException e)
            {
                _errors.Add(e);
            }

            r.SlotCount = counter.Count;
        }
    }

    private static void BuildRuleIndex(RuleSet rs)
    {
        if (rs.Rules.Count < 4)
        {
            return;
        }

        var keys = new Dictionary<string, (RefTerm Ref, int Count)>(StringComparer.Ordinal);
        var perRule = new List<(Rule Rule, string? Key, Value? Value)>();
        foreach (var r in rs.Rules)
        {
            string? key = null;
            Value? value = null;
            if (r.Else is null)
            {
                foreach (var e in r.Body)
                {
                    if (IndexableEquality(e, out var rf, out var v))
                    {
                        key = rf.ToString();
                        value = v;
                        keys[key] = keys.TryGetValue(key, out var c) ? (c.Ref, c.Count + 1) : (rf, 1);
                        break;
                    }
                }
            }

            perRule.Add((r, key, value));
        }

        if (keys.Count == 0)
        {
            return;
        }

        var best = keys.MaxBy(kv => kv.Value.Count);
        if (best.Value.Count < 2)
        {
            return;
        }

        var index = new Dictionary<Value, List<Rule>>();
        var rest = new List<Rule>();
        foreach (var (rule, key, value) in perRule)
        {
            if (key == best.Key && value is not null)
            {
                if (!index.TryGetValue(value, out var list))
                {
                    list = [];
                    index[value] = list;
                }

                list.Add(rule);
            }
            else
            {
                rest.Add(rule);
            }
        }

        rs.IndexRef = best.Value.Ref;
        rs.RuleIndex = index;
        rs.UnindexedRules = rest;
    }

    /// <summary>A positive literal <c>input.a.b == "c"</c> (or <c>=</c>) with a ground input ref and a scalar constant.</summary>
    private static bool IndexableEquality(Expr e, out RefTerm rf, out Value value)
    {
        rf = null!;
        value = null!;
        if (e.Negated || e.With.Count > 0)
        {
            return false;
        }

        Term? a = null, b = null;
        if (e.Kind == ExprKind.Term && e.Term is CallTerm { Name: "equal", Args.Length: 2 } c)
        {
            (a, b) = (c.Args[0], c.Args[1]);
        }
        else if (e.Kind == ExprKind.Unify)
        {
            (a, b) = (e.Left, e.Right);
        }

        if (a is ValueTerm && b is RefTerm)
        {
            (a, b) = (b, a);
        }

        if (a is RefTerm { Head: VarTerm { Slot: InputSlot } } r && Array.TrueForAll(r.Path, p => p is ValueTerm)
            && b is ValueTerm { Value: StringValue or NumberValue or BooleanValue or NullValue } vt)
        {
            rf = r;
            value = vt.Value;
            return true;
        }

        return false;
    }

    private static bool IsPattern(Term t) => t switch
    {
        VarTerm or ValueTerm => true,
        ArrayTerm a => Array.TrueForAll(a.Items, IsPattern),
        ObjectTerm o => Array.TrueForAll(o.Keys, k => k is ValueTerm) && Array.TrueForAll(o.Values, IsPattern),
        SetTerm s => Array.TrueForAll(s.Items, i => i is ValueTerm),
        _ => false,
    };

    private static void CollectSlots(Term t, HashSet<int> slots)
    {
        var vars = new List<VarTerm>();
        CollectVars(t, vars);
        foreach (var v in vars)
        {
            if (v.Slot >= 0)
            {
                slots.Add(v.Slot);
            }
        }
    }

    /// <summary>Variables of a term, not descending into comprehensions.</summary>
    internal static void CollectVars(Term t, List<VarTerm> into)
    {
        switch (t)
        {
            case VarTerm v:
                into.Add(v);
                break;
            case RefTerm r:
                CollectVars(r.Head, into);
                foreach (var p in r.Path)
                {
                    CollectVars(p, into);
                }

                break;
            case ArrayTerm a:
                foreach (var i in a.Items)
                {
                    CollectVars(i, into);
                }

                break;
            case SetTerm s:
                foreach (var i in s.Items)
                {
                    CollectVars(i, into);
                }

                break;
            case ObjectTerm o:
                foreach (var i in o.Keys)
                {
                    CollectVars(i, into);
                }

                foreach (var i in o.Values)
                {
                    CollectVars(i, into);
                }

                break;
            case CallTerm c:
                foreach (var i in c.Args)
                {
                    CollectVars(i, into);
                }

                break;
        }
    }

    /// <summary>
    /// Indexes rule sets with many rules so evaluation skips rules that cannot match: functions by a
    /// constant first argument, other rules by a literal comparing an input ref with a constant.
    /// </summary>
    private static void BuildIndex(RuleSet rs)
    {
        if (!rs.IsFunction)
        {
            BuildRuleIndex(rs);
            return;
        }

        if (rs.Rules.Count < 4 || rs.Arity == 0)
        {
            return;
        }

        var index = new Dictionary<Value, List<Rule>>();
        var rest = new List<Rule>();
        foreach (var r in rs.Rules)
        {
            if (r.Args![0] is ValueTerm vt && r.Else is null)
            {
                if (!index.TryGetValue(vt.Value, out var list))
                {
                    list = [];
                    index[vt.Value] = list;
                }

                list.Add(r);
            }
            else
            {
                rest.Add(r);
            }
        }

        if (index.Count > 0)
        {
            rs.FirstArgIndex = index;
            rs.NonIndexedRules = rest;
        }
    }
}
