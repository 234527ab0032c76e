namespace GitOpsFleet.Scripting;

/// <summary>What the script saw, for the run record.</summary>
public sealed record ScalingInputs(
    string Pool,
    int Current,
    int Min,
    int Max,
    DateTimeOffset Now,
    IReadOnlyList<MetricsQueryRecord> Queries);
