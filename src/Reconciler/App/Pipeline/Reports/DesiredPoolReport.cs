namespace GitOpsFleet.Reconciler.Pipeline.Reports;

/// <summary>One pool as Git describes it, with the replica count the run settled on.</summary>
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
