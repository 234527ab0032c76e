namespace GitOpsFleet.Policies.Syntax;

/// <summary>A position in a Rego source: file name, 1-based line and column.</summary>
public sealed record SourceLocation(string File, int Line, int Column)
{
    public static readonly SourceLocation None = new(string.Empty, 0, 0);

    public override string ToString() => $"{File}:{Line}:{Column}";

    /// <summary>"file:line", the form OPA uses in evaluation error text.</summary>
    public string FileLine => $"{File}:{Line}";
}
