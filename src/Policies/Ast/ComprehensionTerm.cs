using GitOpsFleet.Policies.Syntax;

namespace GitOpsFleet.Policies.Ast;

internal sealed class ComprehensionTerm(ComprehensionKind kind, Term? key, Term value, List<Expr> body, SourceLocation location) : Term(location)
{
    public ComprehensionKind Kind { get; } = kind;

    /// <summary>The key term of an object comprehension.</summary>
    public Term? Key { get; } = key;

    public Term Value { get; } = value;

    public List<Expr> Body { get; set; } = body;

    /// <summary>Slots declared inside the comprehension (its scope and nested ones); the rest are free.</summary>
    public HashSet<int> InnerSlots { get; set; } = [];
}
