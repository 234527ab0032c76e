namespace GitOpsFleet.Reconciler.Pipeline.Reports;

/// <summary>The run's plan: what it meant to do, the drift it saw, and why it would not act (refusal, hold).</summary>
internal sealed record PlanReport
{
    public string Summary { get; init => field = value ?? ""; } = "";
    public string? Refusal { get; init; }
    public string? Hold { get; init; }
    public IReadOnlyList<ActionReport> Actions { get; init => field = value ?? []; } = [];
    public IReadOnlyList<string> Notes { get; init => field = value ?? []; } = [];
    public IReadOnlyList<DriftItemReport> Drift { get; init => field = value ?? []; } = [];
}
