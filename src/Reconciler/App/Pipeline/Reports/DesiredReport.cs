namespace GitOpsFleet.Reconciler.Pipeline.Reports;

/// <summary>What Git asked for at the run's commit, after scaling scripts chose replica counts.</summary>
internal sealed record DesiredReport
{
    public string Fleet { get; init => field = value ?? ""; } = "";
    public string? Commit { get; init; }
    public IReadOnlyList<DesiredPoolReport> Pools { get; init => field = value ?? []; } = [];
}
