namespace GitOpsFleet.Reconciler.Service.Fleets;

/// <summary>What the API, dashboard and metrics say about one fleet at a moment.</summary>
internal sealed record FleetStatus(
    string Name,
    string Repository,
    string? Ref,
    string State,
    bool Running,
    long? LastRunId,
    string? LastResult,
    string? LastCommit,
    string? LastCommitMessage,
    DateTimeOffset? LastRunAt,
    string? LastSummary,
    string? Problem,
    int DriftItems,
    int ConsecutiveFailures,
    DateTimeOffset? NextRunAt,
    TimeSpan Interval,
    string? Cron);
