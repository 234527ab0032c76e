namespace GitOpsFleet.Reconciler.Pipeline.Reports;

/// <summary>What Git asked for at the run's commit, after scaling scripts chose replica counts.</summary>
internal sealed record DesiredReport
{
    public string Fleet { get; init => field = value ?? ""; } = "";
    public string? Commit { get; init; }
    public IReadOnlyList<DesiredPoolReport> Pools { get; init => field = value ?? []; } = [];
}

internal sealed record DesiredPoolReport
{
    public string Name { get; init => field = value ?? ""; } = "";
    public string Provider { get; init => field = value ?? ""; } = "";
    public string? Software { get; init; }
    public string? Version { get; init; }
    public string? Size { get; init; }
    public int Replicas { get; init; }
    public int Min { get; init; }
    public int Max { get; init; }
    /// <summary>Why the pool has this many replicas (the spec, or a scaling script and its answer).</summary>
    public string? ReplicaSource { get; init; }
    public string? File { get; init; }
}
