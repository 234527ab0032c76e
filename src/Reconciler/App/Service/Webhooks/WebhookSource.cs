namespace GitOpsFleet.Reconciler.Service.Webhooks;

/// <summary>
/// One forge's webhook dialect: how it proves a delivery is ours (an HMAC of the body, or GitLab's shared
/// token), which header names the event, which names the delivery (to recognise a replay), and how its push
/// and pull request payloads read.
/// </summary>
internal sealed record WebhookSource(
    string Name,
    string AuthHeader,
    string SignaturePrefix,
    bool SharedToken,
    string? EventHeader,
    IReadOnlySet<string> PushEvents,
    IReadOnlySet<string> PullRequestEvents,
    IReadOnlyList<string> DeliveryHeaders,
    Func<byte[], PushEvent?> ReadPush,
    Func<byte[], PullRequestEvent?> ReadPullRequest)
{
    public static WebhookSource GitHub { get; } = new("github", "X-Hub-Signature-256", "sha256=", false, "X-GitHub-Event",
        Set("push"), Set("pull_request"), ["X-GitHub-Delivery"], b => PushEvent.FromForgePayload(b), b => PullRequestEvent.FromGitHubPayload(b));

    /// <summary>Gitea and Forgejo (Forgejo sends the X-Gitea-* headers too).</summary>
    public static WebhookSource Gitea { get; } = new("gitea", "X-Gitea-Signature", "", false, "X-Gitea-Event",
        Set("push"), Set("pull_request"), ["X-Gitea-Delivery", "X-Forgejo-Delivery"], b => PushEvent.FromForgePayload(b), b => PullRequestEvent.FromGitHubPayload(b));

    /// <summary>GitLab keeps Idempotency-Key across its retries of one delivery; older versions send only X-Gitlab-Event-UUID.</summary>
    public static WebhookSource GitLab { get; } = new("gitlab", "X-Gitlab-Token", "", true, "X-Gitlab-Event",
        Set("Push Hook", "Tag Push Hook"), Set("Merge Request Hook"), ["Idempotency-Key", "X-Gitlab-Event-UUID"], b => PushEvent.FromGitLabPayload(b), b => PullRequestEvent.FromGitLabPayload(b));

    /// <summary>Every delivery is a push; the body may name the fleet.</summary>
    public static WebhookSource Generic { get; } = new("generic", "X-Hub-Signature-256", "sha256=", false, null,
        Set("push"), Set(), ["Idempotency-Key", "X-Delivery-Id"], b => PushEvent.FromGenericPayload(b), _ => null);

    /// <summary>The delivery's id from the first of <see cref="DeliveryHeaders"/> that is present; null when none is.</summary>
    public string? DeliveryId(Microsoft.AspNetCore.Http.IHeaderDictionary headers) =>
        DeliveryHeaders.Select(h => headers[h].ToString().Trim()).FirstOrDefault(v => v.Length > 0);

    private static HashSet<string> Set(params string[] events) => new(events, StringComparer.OrdinalIgnoreCase);
}
