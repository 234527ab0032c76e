namespace GitOpsFleet.Reconciler.State;

/// <summary>Closed: a reviewer closed it without merging (Git's state is restored). Resolved: GitOpsFleet closed it because the drift was gone.</summary>
public enum PullRequestState { Open, Closed, Merged, Resolved }

/// <summary>A drift pull request as the local forge keeps it (and as remote forges are mirrored).</summary>
public sealed record PullRequestRecord(
    long Id,
    string Fleet,
    string Forge,
    string Branch,
    string BaseRef,
    string Title,
    string Body,
    PullRequestState State,
    string Fingerprint,
    string? HeadCommit,
    long? RunId,
    DateTimeOffset CreatedAt,
    DateTimeOffset UpdatedAt,
    DateTimeOffset? ClosedAt,
    string? Url);
