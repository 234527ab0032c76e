namespace GitOpsFleet.Reconciler.Pipeline.Reports;

/// <summary>One difference the plan found between Git and the machines.</summary>
internal sealed record PlanDriftReport
{
    public string Kind { get; init => field = value ?? ""; } = "";
    public string? Pool { get; init; }
    public string? Node { get; init; }
    public string? Field { get; init; }
    public string? Expected { get; init; }
    public string? Observed { get; init; }
    public string? Message { get; init; }
}
