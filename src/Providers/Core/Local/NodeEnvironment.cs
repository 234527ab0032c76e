namespace GitOpsFleet.Providers.Local;

/// <summary>
/// A node process gets the service's environment minus anything that looks like a credential: a node
/// never needs the fleet repository's token, cloud credentials or forge tokens, and a node's own
/// /proc/&lt;pid&gt;/environ must not hand them to whoever can read it.
/// </summary>
internal static class NodeEnvironment
{
    private static readonly string[] SecretMarkers = ["TOKEN", "SECRET", "PASSWORD", "PASSWD", "CREDENTIAL", "PRIVATE_KEY", "API_KEY", "APIKEY"];

    private static readonly string[] SecretPrefixes = ["AZURE_", "ARM_", "AWS_", "GITOPSFLEET_GIT_", "GITHUB_", "GITEA_", "GITLAB_", "IDENTITY_", "MSI_"];

    public static void Scrub(IDictionary<string, string?> environment)
    {
        foreach (var name in environment.Keys.ToList())
        {
            if (IsSecret(name)) environment.Remove(name);
        }
    }

    public static bool IsSecret(string name)
    {
        var upper = name.ToUpperInvariant();
        return SecretPrefixes.Any(p => upper.StartsWith(p, StringComparison.Ordinal))
            || SecretMarkers.Any(m => upper.Contains(m, StringComparison.Ordinal));
    }
}
