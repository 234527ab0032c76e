using System.Text;
using GitOpsFleet.Policies.Ast;
using GitOpsFleet.Policies.Values;

namespace GitOpsFleet.Policies.Tests.Formatting;

/// <summary>A module's AST as text without locations, so two parses can be compared for sameness.</summary>
internal static class AstText
{
    public static string Of(Module m)
    {
        var sb = new StringBuilder("package " + string.Join('.', m.Package) + "\n");
        // rego.v1 and future.keywords change how text reads, not what it means; the formatter may trade one for the other.
        foreach (var i in m.Imports.Where(i => i.Path[0] is not ("rego" or "future")).OrderBy(i => string.Join('.', i.Path), StringComparer.Ordinal))
        {
            sb.Append("import ").Append(string.Join('.', i.Path)).Append(" as ").Append(i.Name).Append('\n');
        }

        foreach (var r in m.Rules)
        {
            for (var e = r; e is not null; e = e.Else)
            {
                sb.Append(e == r ? "rule " : "  else ").Append(r.IsDefault ? "default " : string.Empty).Append(r.Kind).Append(' ')
                    .Append(string.Join(" ", r.Head.Select(T))).Append(" args(").Append(string.Join(", ", (r.Args ?? []).Select(T)))
                    .Append(") value ").Append(e.Value is null ? "-" : T(e.Value)).Append(" body ").Append(Body(e.Body)).Append('\n');
            }
        }

        return sb.ToString();
    }

    private static string Body(List<Expr> body) => "{" + string.Join("; ", body.Select(X)) + "}";

    private static string X(Expr e)
    {
        var s = e.Kind switch
        {
            ExprKind.Term => (e.Negated ? "not " : string.Empty) + T(e.Term!),
            ExprKind.Unify => T(e.Left!) + " = " + T(e.Right!),
            ExprKind.Assign => T(e.Left!) + " := " + T(e.Right!),
            ExprKind.SomeVars => "some " + string.Join(", ", e.Vars!.Select(T)),
            ExprKind.SomeIn => "some " + (e.Key is null ? string.Empty : T(e.Key) + ", ") + T(e.Value!) + " in " + T(e.Collection!),
            _ => "every " + (e.Key is null ? string.Empty : T(e.Key) + ", ") + T(e.Value!) + " in " + T(e.Collection!) + " " + Body(e.Body!),
        };
        return s + string.Concat(e.With.Select(w => " with " + T(w.Target) + " as " + T(w.Value)));
    }

    private static string T(Term t) => t switch
    {
        ValueTerm v => v.Value is StringValue s ? "\"" + s.Value + "\"" : v.Value.ToString(),
        VarTerm v => v.Name.StartsWith("$_", StringComparison.Ordinal) ? "_" : v.Name,
        RefTerm r => "ref(" + T(r.Head) + string.Concat(r.Path.Select(p => ", " + T(p))) + ")",
        CallTerm c => c.Name + "(" + string.Join(", ", c.Args.Select(T)) + ")",
        ArrayTerm a => "[" + string.Join(", ", a.Items.Select(T)) + "]",
        SetTerm s => "set(" + string.Join(", ", s.Items.Select(T)) + ")",
        ObjectTerm o => "{" + string.Join(", ", o.Keys.Select((k, i) => T(k) + ": " + T(o.Values[i]))) + "}",
        ComprehensionTerm c => c.Kind + "(" + (c.Key is null ? string.Empty : T(c.Key) + ": ") + T(c.Value) + " | " + Body(c.Body) + ")",
        TemplateTerm tt => "template(" + string.Join(", ", tt.Parts.Select(p => p is Expr e ? X(e) : "\"" + p + "\"")) + ")",
        _ => t.GetType().Name,
    };
}
