namespace GitOpsFleet.Reconciler.Service.Webhooks;

/// <summary>
/// One forge's webhook dialect: how it proves a delivery is ours (an HMAC of the body, or GitLab's shared
/// token), which header names the event, and how its push and pull request payloads read.
/// </summary>
internal sealed record WebhookSource(
    string Name,
    string AuthHeader,
    string SignaturePrefix,
    bool SharedToken,
    string? EventHeader,
    IReadOnlySet<string> PushEvents,
    IReadOnlySet<string> PullRequestEvents,
    Func<byte[], PushEvent?> ReadPush,
    Func<byte[], PullRequestEvent?> ReadPullRequest)
{
    public static WebhookSource GitHub { get; } = new("github", "X-Hub-Signature-256", "sha256=", false, "X-GitHub-Event",
        Set("push"), Set("pull_request"), b => PushEvent.FromForgePayload(b), b => PullRequestEvent.FromGitHubPayload(b));

    /// <summary>Gitea and Forgejo (Forgejo sends the X-Gitea-* headers too).</summary>
    public static WebhookSource Gitea { get; } = new("gitea", "X-Gitea-Signature", "", false, "X-Gitea-Event",
        Set("push"), Set("pull_request"), b => PushEvent.FromForgePayload(b), b => PullRequestEvent.FromGitHubPayload(b));

    public static WebhookSource GitLab { get; } = new("gitlab", "X-Gitlab-Token", "", true, "X-Gitlab-Event",
        Set("Push Hook", "Tag Push Hook"), Set("Merge Request Hook"), b => PushEvent.FromGitLabPayload(b), b => PullRequestEvent.FromGitLabPayload(b));

    /// <summary>Every delivery is a push; the body may name the fleet.</summary>
    public static WebhookSource Generic { get; } = new("generic", "X-Hub-Signature-256", "sha256=", false, null,
        Set("push"), Set(), b => PushEvent.FromGenericPayload(b), _ => null);

    public bool IsAuthentic(byte[] secret, byte[] body, string? header) =>
        SharedToken ? WebhookSignature.IsValidToken(secret, header) : WebhookSignature.IsValid(secret, body, header, SignaturePrefix);

    private static HashSet<string> Set(params string[] events) => new(events, StringComparer.OrdinalIgnoreCase);
}
