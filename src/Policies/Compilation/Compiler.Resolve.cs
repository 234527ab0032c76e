using GitOpsFleet.Policies.Ast;
using GitOpsFleet.Policies.Values;

namespace GitOpsFleet.Policies.Compilation;

internal sealed partial class Compiler
{
    /// <summary>Name-resolution context of one module (or a query).</summary>
    private sealed class Ctx
    {
        private readonly Dictionary<string, string[]> _imports = new(StringComparer.Ordinal);
        private readonly Compiler _compiler;

        public Ctx(Module? module, Compiler compiler)
        {
            Module = module;
            _compiler = compiler;
            if (module is not null)
            {
                compiler._packageNames.TryGetValue(string.Join('.', module.Package), out var names);
                PackageNames = names ?? [];
                foreach (var imp in module.Imports)
                {
                    if (imp.Path[0] is "data" or "input")
                    {
                        _imports[imp.Name] = imp.Path;
                    }
                }
            }
            else
            {
                PackageNames = [];
            }
        }

        public Module? Module { get; }

        public HashSet<string> PackageNames { get; }

        public List<string> QueryVarOrder { get; } = [];

        public bool TryImport(string name, out string[] path)
        {
            if (!_imports.TryGetValue(name, out path!))
            {
                return false;
            }

            // Every resolution of an imported name passes here, which is what strict mode's unused-import check reads.
            if (Module is not null)
            {
                _compiler._usedImports.Add((Module, name));
            }

            return true;
        }

        public bool IsGlobal(string name) =>
            name is "input" or "data" || _imports.ContainsKey(name) || PackageNames.Contains(name);
    }

    private List<Expr> ResolveBody(List<Expr> body, Scope parent, Ctx ctx, bool reuseScope = false)
    {
        var scope = reuseScope ? parent : parent.Child();
        foreach (var e in body)
        {
            Declare(e, scope, ctx);
        }

        var result = new List<Expr>(body.Count);
        foreach (var e in body)
        {
            result.Add(ResolveExpr(e, scope, ctx));
        }

        return result;
    }

    private void Declare(Expr e, Scope scope, Ctx ctx)
    {
        var vars = new List<VarTerm>();
        switch (e.Kind)
        {
            case ExprKind.SomeVars:
                foreach (var v in e.Vars!)
                {
                    scope.Declare(v.Name);
                    ctx.QueryVarOrder.Add(v.Name);
                }

                return;
            case ExprKind.SomeIn:
                if (e.Key is not null)
                {
                    CollectVars(e.Key, vars);
                }

                CollectVars(e.Value!, vars);
                foreach (var v in vars)
                {
                    scope.Declare(v.Name);
                    ctx.QueryVarOrder.Add(v.Name);
                }

                vars.Clear();
                CollectVars(e.Collection!, vars);
                break;
            case ExprKind.Assign:
                CollectVars(e.Left!, vars);
                foreach (var v in vars)
                {
                    if (scope.DeclaredHere(v.Name) && !v.IsGenerated)
                    {
                        _errors.Add(new RegoException("rego_compile_error", $"var {v.Name} assigned above", v.Location));
                    }

                    scope.Declare(v.Name);
                    ctx.QueryVarOrder.Add(v.Name);
                }

                vars.Clear();
                CollectVars(e.Right!, vars);
                break;
            case ExprKind.Unify:
                CollectVars(e.Left!, vars);
                CollectVars(e.Right!, vars);
                break;
            case ExprKind.Term:
                CollectVars(e.Term!, vars);
                break;
            case ExprKind.Every:
                CollectVars(e.Collection!, vars);
                break;
        }

        foreach (var w in e.With)
        {
            // A with value naming a function (builtin or rule) is a function reference, not a variable.
            if (DottedName(w.Value) is { } fname && scope.Lookup(fname.Split('.')[0]) < 0 && ResolveFunctionName(fname, ctx, out _) is not null)
            {
                continue;
            }

            CollectVars(w.Value, vars);
        }

        foreach (var v in vars)
        {
            ctx.QueryVarOrder.Add(v.Name);
            if (scope.Lookup(v.Name) < 0 && (!ctx.IsGlobal(v.Name) || v.IsGenerated))
            {
                scope.Declare(v.Name);
            }
        }
    }

    private Expr ResolveExpr(Expr e, Scope scope, Ctx ctx)
    {
        var r = new Expr(e.Kind, e.Location) { Negated = e.Negated };
        switch (e.Kind)
        {
            case ExprKind.Term:
                r.Term = ResolveTerm(e.Term!, scope, ctx);
                break;
            case ExprKind.Unify:
            case ExprKind.Assign:
                r.Left = ResolveTerm(e.Left!, scope, ctx);
                r.Right = ResolveTerm(e.Right!, scope, ctx);
                break;
            case ExprKind.SomeVars:
                r.Vars = e.Vars!.ConvertAll(v => new VarTerm(v.Name, v.Location) { Slot = scope.Lookup(v.Name) });
                break;
            case ExprKind.SomeIn:
                r.Key = e.Key is null ? null : ResolveTerm(e.Key, scope, ctx);
                r.Value = ResolveTerm(e.Value!, scope, ctx);
                r.Collection = ResolveTerm(e.Collection!, scope, ctx);
                break;
            case ExprKind.Every:
            {
                r.Collection = ResolveTerm(e.Collection!, scope, ctx);
                var before = scope.Counter.Count;
                var inner = scope.Child();
                var vars = new List<VarTerm>();
                if (e.Key is not null)
                {
                    CollectVars(e.Key, vars);
                }

                CollectVars(e.Value!, vars);
                foreach (var v in vars)
                {
                    inner.Declare(v.Name);
                }

                r.Key = e.Key is null ? null : ResolveTerm(e.Key, inner, ctx);
                r.Value = ResolveTerm(e.Value!, inner, ctx);
                r.Body = ResolveBody(e.Body!, inner, ctx);
                r.InnerSlots = Range(before, scope.Counter.Count);
                break;
            }
        }

        foreach (var w in e.With)
        {
            r.With.Add(ResolveWith(w, scope, ctx));
        }

        return r;
    }

    private static HashSet<int> Range(int from, int to)
    {
        var s = new HashSet<int>();
        for (var i = from; i < to; i++)
        {
            s.Add(i);
        }

        return s;
    }

    private WithModifier ResolveWith(WithModifier w, Scope scope, Ctx ctx)
    {
        var r = new WithModifier(w.Target, w.Value, w.Location);
        var name = DottedName(w.Target);
        if (name is null)
        {
            throw new RegoException("rego_type_error", "with keyword target must reference existing input, data, or a function", w.Location);
        }

        var parts = name.Split('.');
        string[] full;
        if (parts[0] == "input")
        {
            r.TargetKind = "input";
            r.TargetPath = parts[1..];
            r.Value = ResolveWithValue(w.Value, scope, ctx);
            return r;
        }

        if (parts[0] == "data")
        {
            full = parts;
        }
        else if (ctx.TryImport(parts[0], out var imp))
        {
            full = [.. imp, .. parts[1..]];
            if (full[0] == "input")
            {
                r.TargetKind = "input";
                r.TargetPath = full[1..];
                r.Value = ResolveWithValue(w.Value, scope, ctx);
                return r;
            }
        }
        else if (ctx.PackageNames.Contains(parts[0]) && ctx.Module is not null)
        {
            full = ["data", .. ctx.Module.Package, .. parts];
        }
        else if (_builtins.Contains(name) || name is "print" or "internal.print")
        {
            r.TargetKind = "function";
            r.TargetPath = [name];
            r.Value = ResolveWithValue(w.Value, scope, ctx);
            return r;
        }
        else
        {
            throw new RegoException("rego_compile_error", $"with keyword target must reference existing input, data, or a function", w.Location);
        }

        var rs = FindRuleSet(full[1..]);
        if (rs is not null && rs.IsFunction)
        {
            r.TargetKind = "function";
            r.TargetPath = [string.Join('.', full)];
        }
        else
        {
            r.TargetKind = "data";
            r.TargetPath = full[1..];
        }

        r.Value = ResolveWithValue(w.Value, scope, ctx);
        return r;
    }

    /// <summary>A with value naming a function (user or builtin) becomes a <see cref="CallTerm"/> with no args, marking a function reference.</summary>
    private Term ResolveWithValue(Term value, Scope scope, Ctx ctx)
    {
        var name = DottedName(value);
        if (name is not null && (value is VarTerm v ? scope.Lookup(v.Name) < 0 : value is RefTerm { Head: VarTerm h } && scope.Lookup(h.Name) < 0))
        {
            var fn = ResolveFunctionName(name, ctx, out var path);
            if (fn is not null)
            {
                return new CallTerm(fn, [], value.Location) { FunctionPath = path };
            }
        }

        return ResolveTerm(value, scope, ctx);
    }

    /// <summary>Resolves a called name to a user function (path set) or builtin; null when neither.</summary>
    private string? ResolveFunctionName(string name, Ctx ctx, out string[]? path)
    {
        path = null;
        var parts = name.Split('.');
        string[]? full = null;
        if (parts[0] == "data")
        {
            full = parts[1..];
        }
        else if (ctx.TryImport(parts[0], out var imp) && imp[0] == "data")
        {
            full = [.. imp[1..], .. parts[1..]];
        }
        else if (ctx.PackageNames.Contains(parts[0]) && ctx.Module is not null)
        {
            full = [.. ctx.Module.Package, .. parts];
        }

        if (full is not null)
        {
            var rs = FindRuleSet(full);
            if (rs is not null && rs.IsFunction)
            {
                path = full;
                return "data." + string.Join('.', full);
            }
        }

        if (_builtins.Contains(name) || name is "print" or "internal.print" or "internal.member_2" or "internal.member_3" || IsSpecialBuiltin(name))
        {
            return name;
        }

        return null;
    }

    private int ArityOf(string name, string[]? path)
    {
        if (path is not null)
        {
            return FindRuleSet(path)?.Arity ?? -1;
        }

        return name switch
        {
            "internal.member_2" => 2,
            "internal.member_3" => 3,
            "print" or "internal.print" => -1,
            "walk" => 1,
            "rego.metadata.rule" or "rego.metadata.chain" => 0,
            _ => _builtins.TryGet(name, out var b) && !b.Declaration.Variadic ? b.Declaration.Arity : -1,
        };
    }

    internal static bool IsSpecialBuiltin(string name) =>
        name is "rego.metadata.rule" or "rego.metadata.chain" or "walk" or "internal.template_string";

    private RuleSet? FindRuleSet(IReadOnlyList<string> path)
    {
        var node = _root;
        foreach (var p in path)
        {
            if (!node.Children.TryGetValue(p, out node!))
            {
                return null;
            }
        }

        return node.Rules;
    }

    private static string? DottedName(Term t)
    {
        switch (t)
        {
            case VarTerm v:
                return v.Name;
            case RefTerm { Head: VarTerm h } r:
                var parts = new List<string> { h.Name };
                foreach (var p in r.Path)
                {
                    if (p is not ValueTerm { Value: StringValue s })
                    {
                        return null;
                    }

                    parts.Add(s.Value);
                }

                return string.Join('.', parts);
            default:
                return null;
        }
    }

    private Term ResolveTerm(Term t, Scope scope, Ctx ctx)
    {
        switch (t)
        {
            case ValueTerm:
                return t;
            case VarTerm v:
            {
                var slot = scope.Lookup(v.Name);
                if (slot >= 0)
                {
                    return new VarTerm(v.Name, v.Location) { Slot = slot };
                }

                if (v.Name == "input")
                {
                    return new VarTerm("input", v.Location) { Slot = InputSlot };
                }

                if (v.Name == "data")
                {
                    return new VarTerm("data", v.Location) { Slot = DataSlot };
                }

                if (ctx.TryImport(v.Name, out var imp))
                {
                    return MakeRootRef(imp, v.Location);
                }

                if (ctx.PackageNames.Contains(v.Name) && ctx.Module is not null)
                {
                    return MakeRootRef(["data", .. ctx.Module.Package, v.Name], v.Location);
                }

                return new VarTerm(v.Name, v.Location) { Slot = scope.Declare(v.Name) };
            }

            case RefTerm r:
            {
                var head = ResolveTerm(r.Head, scope, ctx);
                var path = Array.ConvertAll(r.Path, p => ResolveTerm(p, scope, ctx));
                RefTerm result = head is RefTerm hr
                    ? new RefTerm(hr.Head, [.. hr.Path, .. path], r.Location)
                    : new RefTerm(head, path, r.Location);
                SetDataPrefix(result);
                return result;
            }

            case ArrayTerm a:
                return Syntax.Parser.Fold(new ArrayTerm(Array.ConvertAll(a.Items, i => ResolveTerm(i, scope, ctx)), a.Location));
            case SetTerm s:
                return Syntax.Parser.Fold(new SetTerm(Array.ConvertAll(s.Items, i => ResolveTerm(i, scope, ctx)), s.Location));
            case ObjectTerm o:
                return Syntax.Parser.Fold(new ObjectTerm(
                    Array.ConvertAll(o.Keys, i => ResolveTerm(i, scope, ctx)),
                    Array.ConvertAll(o.Values, i => ResolveTerm(i, scope, ctx)),
                    o.Location));
            case CallTerm c:
            {
                var args = Array.ConvertAll(c.Args, a => ResolveTerm(a, scope, ctx));
                var name = ResolveFunctionName(c.Name, ctx, out var path);
                if (name is null)
                {
                    throw new RegoException("rego_type_error", $"undefined function {c.Name}", c.Location);
                }

                var arity = ArityOf(name, path);
                if (arity >= 0 && (args.Length < arity || args.Length > arity + 1))
                {
                    throw new RegoException(
                        "rego_type_error",
                        $"{(path is null ? name : c.Name)}: {(args.Length < arity ? "too few" : "too many")} arguments (want {arity}, got {args.Length})",
                        c.Location);
                }

                var output = arity >= 0 && args.Length == arity + 1;
                _builtins.TryGet(name, out var builtin);
                return new CallTerm(name, args, c.Location)
                {
                    FunctionPath = path,
                    IsOutputForm = output,
                    Builtin = path is null ? builtin : null,
                    InputArgs = output ? args[..^1] : args,
                };
            }

            case ComprehensionTerm ct:
            {
                var before = scope.Counter.Count;
                var inner = scope.Child();
                foreach (var e in ct.Body)
                {
                    Declare(e, inner, ctx);
                }

                var body = new List<Expr>(ct.Body.Count);
                foreach (var e in ct.Body)
                {
                    body.Add(ResolveExpr(e, inner, ctx));
                }

                var key = ct.Key is null ? null : ResolveTerm(ct.Key, inner, ctx);
                var value = ResolveTerm(ct.Value, inner, ctx);
                var inners = Range(before, scope.Counter.Count);
                var outer = new HashSet<int>();
                for (var i = 0; i < before; i++)
                {
                    outer.Add(i);
                }

                body = Reorder(body, outer);
                return new ComprehensionTerm(ct.Kind, key, value, body, ct.Location) { InnerSlots = inners };
            }

            case TemplateTerm tt:
            {
                var before = scope.Counter.Count;
                var parts = new List<object>(tt.Parts.Count);
                foreach (var p in tt.Parts)
                {
                    if (p is Expr e)
                    {
                        var body = ResolveBody([e], scope, ctx);
                        parts.Add(body[0]);
                    }
                    else
                    {
                        parts.Add(p);
                    }
                }

                return new TemplateTerm(parts, tt.Location) { InnerSlots = Range(before, scope.Counter.Count) };
            }

            default:
                return t;
        }
    }

    private static RefTerm MakeRootRef(string[] path, Syntax.SourceLocation loc)
    {
        var head = new VarTerm(path[0], loc) { Slot = path[0] == "input" ? InputSlot : DataSlot };
        var r = new RefTerm(head, Array.ConvertAll(path[1..], p => (Term)new ValueTerm(new StringValue(p), loc)), loc);
        SetDataPrefix(r);
        return r;
    }

    private static void SetDataPrefix(RefTerm r)
    {
        if (r.Head is VarTerm { Slot: DataSlot })
        {
            var prefix = new List<string>();
            foreach (var p in r.Path)
            {
                if (p is ValueTerm { Value: StringValue s })
                {
                    prefix.Add(s.Value);
                }
                else
                {
                    break;
                }
            }

            r.DataPrefix = prefix.ToArray();
        }
    }
}
