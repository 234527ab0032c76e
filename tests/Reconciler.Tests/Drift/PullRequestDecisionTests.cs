using GitOpsFleet.Model;
using GitOpsFleet.Reconciler.Drift;
using GitOpsFleet.Reconciler.Planning;
using GitOpsFleet.Reconciler.State;

namespace GitOpsFleet.Reconciler.Tests.Drift;

/// <summary>The drift pull request decision is a function of data: every branch, without a forge or a store.</summary>
public sealed class PullRequestDecisionTests
{
    private static readonly DateTimeOffset At = new(2026, 12, 6, 12, 0, 0, TimeSpan.Zero);

    private static DriftReport Report(string version = "0.38.1") =>
        new("f", "c0ffee", 9, At, [new DriftItem(DriftKind.Changed, "ipfs", "ipfs-0", "version", "0.38.2", version, $"version is {version}")]);

    private static PullRequestRecord Pr(PullRequestState state, string fingerprint, string? head = "abc") =>
        new(4, "f", "local", "gitopsfleet/drift/f", "main", "t", "b", state, fingerprint, head, 8, At, At, null, null);

    [Fact]
    public void NoDrift_OpenPullRequest_IsClosed()
    {
        var open = Pr(PullRequestState.Open, "x");
        var close = Assert.IsType<PullRequestDecision.Close>(PullRequestDecision.Decide(null, DriftAction.PullRequest, open, open, 9, "main"));
        Assert.Same(open, close.PullRequest);
        Assert.Contains("run 9", close.Comment, StringComparison.Ordinal);
    }

    [Fact]
    public void DriftNoLongerSentAsPullRequests_OpenPullRequest_IsClosed_AndWithoutOne_TheDriftIsOnlyRecorded()
    {
        var open = Pr(PullRequestState.Open, Report().Fingerprint);
        Assert.IsType<PullRequestDecision.Close>(PullRequestDecision.Decide(Report(), DriftAction.Heal, open, open, 9, "main"));
        var only = Assert.IsType<PullRequestDecision.RecordOnly>(PullRequestDecision.Decide(Report(), DriftAction.Heal, null, null, 9, "main"));
        Assert.Contains("1 drift item(s)", only.Message, StringComparison.Ordinal);
        Assert.IsType<PullRequestDecision.RecordOnly>(PullRequestDecision.Decide(null, DriftAction.PullRequest, null, null, 9, "main"));
    }

    [Fact]
    public void SameDriftAsAPullRequestAReviewerClosed_IsNotReopened_ButNewDriftIs()
    {
        var closed = Pr(PullRequestState.Closed, Report().Fingerprint);
        Assert.IsType<PullRequestDecision.LeaveAlone>(PullRequestDecision.Decide(Report(), DriftAction.PullRequest, null, closed, 9, "main"));
        var other = Assert.IsType<PullRequestDecision.Publish>(PullRequestDecision.Decide(Report("0.37.0"), DriftAction.PullRequest, null, closed, 9, "main"));
        Assert.Null(other.Open);
    }

    [Fact]
    public void SameDriftAsAMergedPullRequest_WaitsForTheMergeToReachTheRef()
    {
        var merged = Pr(PullRequestState.Merged, Report().Fingerprint);
        var leave = Assert.IsType<PullRequestDecision.LeaveAlone>(PullRequestDecision.Decide(Report(), DriftAction.PullRequest, null, merged, 9, "release"));
        Assert.Contains("reach release", leave.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void OpenPullRequest_SameDriftIsLeftAlone_ChangedDriftOrNeverPushedIsUpdated()
    {
        var open = Pr(PullRequestState.Open, Report().Fingerprint);
        Assert.IsType<PullRequestDecision.LeaveAlone>(PullRequestDecision.Decide(Report(), DriftAction.PullRequest, open, open, 9, "main"));
        Assert.Same(open, Assert.IsType<PullRequestDecision.Publish>(PullRequestDecision.Decide(Report("0.37.0"), DriftAction.PullRequest, open, open, 9, "main")).Open);
        var unpushed = Pr(PullRequestState.Open, Report().Fingerprint, head: null);
        Assert.IsType<PullRequestDecision.Publish>(PullRequestDecision.Decide(Report(), DriftAction.PullRequest, unpushed, unpushed, 9, "main"));
    }
}
