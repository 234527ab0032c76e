namespace GitOpsFleet.Providers.Azure;

/// <summary>
/// Tag names the provider writes on each scale set. The logical names are gitopsfleet.dev/fleet and so on,
/// but Azure refuses '/' in tag names (InvalidTagNameCharacters: '&lt;,&gt;,%,&amp;,\,?,/'), so the slash is
/// written as '_'. Azure compares tag names without case; so does the provider.
/// </summary>
public static class AzureTags
{
    public const string Prefix = "gitopsfleet.dev_";
    public const string Fleet = Prefix + "fleet";
    public const string Pool = Prefix + "pool";
    public const string ManagedBy = Prefix + "managed-by";
    public const string Software = Prefix + "software";
    public const string Version = Prefix + "version";
    public const string Consensus = Prefix + "consensus";
    public const string ConsensusVersion = Prefix + "consensus-version";

    /// <summary>Value of <see cref="ManagedBy"/>: a scale set without it was not created by GitOpsFleet.</summary>
    public const string ManagedByValue = "gitopsfleet";

    public static bool IsReserved(string tagName) => tagName.StartsWith(Prefix, StringComparison.OrdinalIgnoreCase);
}
