namespace GitOpsFleet.Reconciler.Pipeline.Reports;

/// <summary>What a reviewer did with the fleet's last drift pull request, as the run found it.</summary>
internal sealed record PullRequestReviewReport
{
    public long Id { get; init; }
    public string State { get; init => field = value ?? ""; } = "";
    public string? Message { get; init; }
}
