namespace GitOpsFleet.Reconciler.Pipeline.Reports;

/// <summary>What applying one planned action did to its node.</summary>
internal sealed record NodeResultReport
{
    public ActionReport Action { get; init => field = value ?? new(); } = new();
    /// <summary>The outcome's lower-case word (succeeded, failed, skipped, ...).</summary>
    public string Outcome { get; init => field = value ?? ""; } = "";
    public string? Message { get; init; }
    public double DurationMs { get; init; }
    public IReadOnlyList<string> Details { get; init => field = value ?? []; } = [];
}
