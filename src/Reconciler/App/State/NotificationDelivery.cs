namespace GitOpsFleet.Reconciler.State;

/// <summary>
/// One event queued for one notification target, and what became of it. <see cref="Key"/> (fleet, target, event and
/// what the event is about: a commit, a drift fingerprint) is unique, so a condition that lasts across runs, or that
/// two replicas see at once, is queued and delivered once. The target's URL and secret are kept as references
/// (<c>env:NAME</c>, <c>file:PATH</c>) and read when sending; <see cref="Payload"/> holds neither.
/// </summary>
public sealed record NotificationDelivery(
    long Id,
    string Key,
    string Fleet,
    string Target,
    string Kind,
    string Event,
    long RunId,
    string UrlFrom,
    string? SecretFrom,
    string Payload,
    string Status,
    int Attempts,
    DateTimeOffset CreatedAt,
    DateTimeOffset NextAttemptAt,
    DateTimeOffset? DeliveredAt,
    string? LastError)
{
    public const string Pending = "pending";
    public const string Delivered = "delivered";
    public const string Failed = "failed";
}
