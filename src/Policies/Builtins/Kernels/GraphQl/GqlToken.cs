namespace GitOpsFleet.Policies.Builtins.Kernels.GraphQl;

internal readonly record struct GqlToken(GqlTokenKind Kind, string Value, int Line, int Column)
{
    public static string KindText(GqlTokenKind kind) => kind switch
    {
        GqlTokenKind.Invalid => "<Invalid>",
        GqlTokenKind.Eof => "<EOF>",
        GqlTokenKind.Bang => "!",
        GqlTokenKind.Dollar => "$",
        GqlTokenKind.Amp => "&",
        GqlTokenKind.ParenL => "(",
        GqlTokenKind.ParenR => ")",
        GqlTokenKind.Spread => "...",
        GqlTokenKind.Colon => ":",
        GqlTokenKind.Equals => "=",
        GqlTokenKind.At => "@",
        GqlTokenKind.BracketL => "[",
        GqlTokenKind.BracketR => "]",
        GqlTokenKind.BraceL => "{",
        GqlTokenKind.Pipe => "|",
        GqlTokenKind.BraceR => "}",
        GqlTokenKind.Name => "Name",
        GqlTokenKind.Int => "Int",
        GqlTokenKind.Float => "Float",
        GqlTokenKind.String => "String",
        GqlTokenKind.BlockString => "BlockString",
        _ => "<Invalid>",
    };

    // Matches the reference parser's token rendering: kind, then the quoted value when there is one.
    public override string ToString() =>
        Value.Length > 0 ? KindText(Kind) + " " + GqlStrings.Quote(Value) : KindText(Kind);
}
