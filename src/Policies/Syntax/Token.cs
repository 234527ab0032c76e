namespace GitOpsFleet.Policies.Syntax;

/// <summary>
/// A lexical token. <see cref="NewlineBefore"/> records whether a line break separates it from the
/// previous token: Rego uses line breaks to end body literals.
/// </summary>
internal sealed record Token(TokenKind Kind, string Text, int Offset, int Line, int Column, bool NewlineBefore)
{
    /// <summary>For template strings: the literal parts and expression sources, in order.</summary>
    public IReadOnlyList<TemplatePart>? Parts { get; init; }
}

/// <summary>A piece of a template string: literal text, or the source of an embedded expression.</summary>
internal sealed record TemplatePart(bool IsExpression, string Text, int Offset, int Line, int Column);
