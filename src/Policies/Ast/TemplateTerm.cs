using GitOpsFleet.Policies.Syntax;

namespace GitOpsFleet.Policies.Ast;

/// <summary>A template string <c>$"a {expr} b"</c>: literal parts (strings) and embedded expressions.</summary>
internal sealed class TemplateTerm(IReadOnlyList<object> parts, SourceLocation location) : Term(location)
{
    /// <summary>Each part is a <see cref="string"/> or an <see cref="Expr"/>.</summary>
    public IReadOnlyList<object> Parts { get; set; } = parts;

    /// <summary>The template string as written, quotes and <c>$</c> included.</summary>
    public string SourceText { get; init; } = string.Empty;

    public HashSet<int> InnerSlots { get; set; } = [];
}
