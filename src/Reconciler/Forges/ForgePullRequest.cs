namespace GitOpsFleet.Forges;

/// <summary>A pull (or merge) request as a forge reports it. <see cref="Number"/> is the number people see (GitLab's iid).</summary>
public sealed record ForgePullRequest(
    long Number,
    string Url,
    string HeadBranch,
    string BaseBranch,
    string Title,
    ForgePullRequestState State,
    string? HeadSha,
    DateTimeOffset? ClosedAt,
    DateTimeOffset? MergedAt);
