namespace GitOpsFleet.Model;

/// <summary>
/// One entry of spec.notifications. The URL (which often carries a token, as Slack's do) and the webhook's signing
/// secret are references, read at send time, so neither the repository nor a run record ever holds them.
/// </summary>
public sealed record NotificationTarget(
    string Name,
    NotificationKind Kind,
    SecretReference Url,
    SecretReference? Secret,
    IReadOnlyList<NotificationEvent> Events)
{
    /// <summary>How many runs in a row must end "retry" before run-retrying is sent (once per streak).</summary>
    public int RetryThreshold { get; init; } = DefaultRetryThreshold;

    public const int DefaultRetryThreshold = 3;
}
