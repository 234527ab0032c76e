namespace GitOpsFleet.Forges;

/// <summary>Builds the client for a forge kind: <c>github</c>, <c>gitea</c> (also Forgejo) or <c>gitlab</c>.</summary>
public static class ForgeClientFactory
{
    public static IReadOnlyList<string> Kinds { get; } = ["github", "gitea", "forgejo", "gitlab"];

    /// <param name="http">Used by the Gitea and GitLab clients; Octokit keeps its own.</param>
    /// <param name="options">The deadline of each call; null for the defaults.</param>
    public static IForgeClient Create(ForgeEndpoint endpoint, HttpClient http, TimeProvider time, ForgeCallOptions? options = null)
    {
        var timeout = (options ?? ForgeCallOptions.Default).CallTimeout;
        ArgumentNullException.ThrowIfNull(endpoint);
        if (string.IsNullOrEmpty(endpoint.Token)) throw new ArgumentException($"the {endpoint.Kind} forge needs a token", nameof(endpoint));
        return endpoint.Kind.ToLowerInvariant() switch
        {
            "github" => new GitHubForgeClient(endpoint, time, timeout),
            "gitea" or "forgejo" => new GiteaForgeClient(endpoint, http, time, timeout),
            "gitlab" => new GitLabForgeClient(endpoint, http, time, timeout),
            _ => throw new ArgumentException($"unknown forge kind '{endpoint.Kind}'; expected one of {string.Join(", ", Kinds)}", nameof(endpoint)),
        };
    }
}
