namespace GitOpsFleet.Reconciler.Pipeline.Reports;

/// <summary>
/// A plan that needed a person: its fingerprint (what `gitopsfleet approve` approves), why it needed one, and
/// what became of it: waiting, approved (and applied), rejected, or lapsed because the plan changed since.
/// </summary>
internal sealed record ApprovalReport
{
    public string Fingerprint { get; init => field = value ?? ""; } = "";
    public string? Commit { get; init; }
    public string PlanHash { get; init => field = value ?? ""; } = "";
    /// <summary>waiting, approved, rejected or lapsed.</summary>
    public string Status { get; init => field = value ?? ""; } = "";
    public string Reason { get; init => field = value ?? ""; } = "";
    public int Required { get; init; }
    public IReadOnlyList<string> ApprovedBy { get; init => field = value ?? []; } = [];
    /// <summary>approvals.expiresAfter when the run was planned: how long an approval counts (the dashboard shows each one's expiry).</summary>
    public double? ExpiresAfterSeconds { get; init; }
    public string? RejectedBy { get; init; }
    public string? RejectReason { get; init; }
    /// <summary>The run whose approved plan no longer matches, and the actions this plan adds to it and drops from it.</summary>
    public long? LapsedRun { get; init; }
    public IReadOnlyList<string>? Added { get; init; }
    public IReadOnlyList<string>? Removed { get; init; }
}
