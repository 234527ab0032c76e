namespace GitOpsFleet.Reconciler.Service.Webhooks;

/// <summary>
/// The webhooks' secrets and limits, section GitOpsFleet:Webhooks. Each forge kind has its own secret: GitLab
/// sends its token in clear text in every delivery, so a token that was also the HMAC key of the other hooks
/// would let anyone who saw one GitLab delivery's headers sign deliveries for them. A kind without a secret
/// refuses every delivery.
/// </summary>
internal sealed class WebhookOptions
{
    /// <summary>File holding the HMAC-SHA256 key of /hooks/github (default: --webhook-secret-file).</summary>
    public string? GitHubSecretFile { get; set; }

    /// <summary>File holding the HMAC-SHA256 key of /hooks/gitea (Gitea, Forgejo; default: --webhook-secret-file).</summary>
    public string? GiteaSecretFile { get; set; }

    /// <summary>File holding GitLab's "Secret token" (X-Gitlab-Token). Never defaults to another hook's secret.</summary>
    public string? GitLabTokenFile { get; set; }

    /// <summary>File holding the HMAC-SHA256 key of /hooks/generic (default: --webhook-secret-file).</summary>
    public string? GenericSecretFile { get; set; }

    /// <summary>The largest body accepted; a larger one gets 413 and is never buffered whole.</summary>
    public int MaxBodyBytes { get; set; } = 5 * 1024 * 1024;

    /// <summary>The whole body must have arrived within this long after the headers; a client that stalls gets 408.</summary>
    public TimeSpan BodyTimeout { get; set; } = TimeSpan.FromSeconds(30);

    /// <summary>Below this rate (bytes per second, averaged, once <see cref="BodyGracePeriod"/> has passed) Kestrel ends the read with 408.</summary>
    public double MinBodyBytesPerSecond { get; set; } = 240;

    /// <summary>How long a body may arrive slower than <see cref="MinBodyBytesPerSecond"/> (Kestrel checks once a second and wants more than 1 s).</summary>
    public TimeSpan BodyGracePeriod { get; set; } = TimeSpan.FromSeconds(5);

    /// <summary>How long a delivery id is remembered, so a replayed delivery starts no second run.</summary>
    public TimeSpan ReplayWindow { get; set; } = TimeSpan.FromHours(24);

    /// <summary>At most this many delivery ids are remembered; the oldest are forgotten first.</summary>
    public int MaxRememberedDeliveries { get; set; } = 100_000;
}
