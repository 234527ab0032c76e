using GitOpsFleet.Policies.Syntax;

namespace GitOpsFleet.Policies.Ast;

/// <summary>A body literal: an expression, possibly negated, with its <c>with</c> modifiers.</summary>
internal sealed class Expr(ExprKind kind, SourceLocation location)
{
    public ExprKind Kind { get; } = kind;

    public SourceLocation Location { get; } = location;

    public bool Negated { get; set; }

    public Term? Term { get; set; }

    public Term? Left { get; set; }

    public Term? Right { get; set; }

    public List<VarTerm>? Vars { get; set; }

    /// <summary>Key variable of <c>some k, v in</c> / <c>every k, v in</c>.</summary>
    public Term? Key { get; set; }

    /// <summary>Value variable of <c>some v in</c> / <c>every v in</c>.</summary>
    public Term? Value { get; set; }

    public Term? Collection { get; set; }

    /// <summary>The body of <c>every</c>.</summary>
    public List<Expr>? Body { get; set; }

    public List<WithModifier> With { get; set; } = [];

    /// <summary>For <c>every</c>: slots declared inside its body.</summary>
    public HashSet<int> InnerSlots { get; set; } = [];

    /// <summary>Set on first evaluation of a <c>some x in xs</c>: the next literal's filter on x, if it has one.</summary>
    public Evaluation.IterationFilter? NextFilter { get; set; }

    public bool NextFilterChecked { get; set; }

    public override string ToString() => Kind switch
    {
        ExprKind.Term => (Negated ? "not " : string.Empty) + Term,
        ExprKind.Unify => $"{Left} = {Right}",
        ExprKind.Assign => $"{Left} := {Right}",
        _ => Kind.ToString(),
    };
}
