namespace GitOpsFleet.Reconciler.Pipeline.Reports;

/// <summary>The run's plan: what it meant to do, the drift it saw, and why it would not act (refusal, hold).</summary>
internal sealed record PlanReport
{
    public string Summary { get; init => field = value ?? ""; } = "";
    public string? Refusal { get; init; }
    public string? Hold { get; init; }
    public IReadOnlyList<ActionReport> Actions { get; init => field = value ?? []; } = [];
    public IReadOnlyList<string> Notes { get; init => field = value ?? []; } = [];
    public IReadOnlyList<PlanDriftReport> Drift { get; init => field = value ?? []; } = [];
}

/// <summary>One planned action; <see cref="Kind"/> is the action's lower-case word (create, delete, update, ...).</summary>
internal sealed record ActionReport
{
    public string Kind { get; init => field = value ?? ""; } = "";
    public string? Pool { get; init; }
    public string? Node { get; init; }
    public string? Provider { get; init; }
    public string? Reason { get; init; }
    /// <summary>The software version the action installs, when it installs one.</summary>
    public string? Version { get; init; }
}

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
