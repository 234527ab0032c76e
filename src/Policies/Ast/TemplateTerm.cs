using GitOpsFleet.Policies.Syntax;

namespace GitOpsFleet.Policies.Ast;

/// <summary>A template string <c>$"a {expr} b"</c>: literal parts (strings) and embedded expressions.</summary>
internal sealed class TemplateTerm(IReadOnlyList<object> parts, SourceLocation location) : Term(location)
{
    /// <summary>Each part is a <see cref="string"/> or an <see cref="Expr"/>.</summary>
    public IReadOnlyList<object> Parts { get; set; } = parts;

    public HashSet<int> InnerSlots { get; set; } = [];
}
