namespace GitOpsFleet.Policies;

/// <summary>One Rego module: the name used in locations and errors, and its text.</summary>
public sealed record RegoSource(string File, string Text)
{
    /// <summary>The Rego the module is parsed as; an init property so that existing positional uses keep working.</summary>
    public RegoVersion Version { get; init; } = RegoVersion.V1;
}
