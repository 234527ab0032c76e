namespace GitOpsFleet.Policies.Syntax;

/// <summary>A parse failure (rego_parse_error) at a location.</summary>
internal sealed class RegoSyntaxException : Exception
{
    public RegoSyntaxException(SourceLocation location, string message)
        : base(message) => Location = location;

    public SourceLocation Location { get; }
}
