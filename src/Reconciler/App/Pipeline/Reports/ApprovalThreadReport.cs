namespace GitOpsFleet.Reconciler.Pipeline.Reports;

/// <summary>
/// The fleet's approval pull request on its forge (branch <c>gitopsfleet/approval/&lt;fleet&gt;</c>) as this run left it:
/// where the waiting plan is posted, which run posted it and for which fingerprint. The next run reads the newest of these
/// to find the comment whose answers it collects, and so that a plan is posted once, not once per run.
/// </summary>
internal sealed record ApprovalThreadReport
{
    public string Branch { get; init => field = value ?? ""; } = "";
    public long PullRequest { get; init; }
    public string? Url { get; init; }
    /// <summary>The run whose plan the comment shows: `/approve` and `/reject` after it decide that run's fingerprint.</summary>
    public long PostedRun { get; init; }
    public long CommentId { get; init; }
    public string Fingerprint { get; init => field = value ?? ""; } = "";
    public bool Open { get; init; }
    /// <summary>Why it was closed: applied, rejected, or the plan no longer waits.</summary>
    public string? Closed { get; init; }
}
