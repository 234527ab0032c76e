using GitOpsFleet.Model;
using GitOpsFleet.Providers;
using GitOpsFleet.Reconciler.Drift;
using GitOpsFleet.Reconciler.Pipeline.Steps;
using GitOpsFleet.Reconciler.Planning;
using GitOpsFleet.Reconciler.State;
using static GitOpsFleet.Reconciler.Tests.Support.Fleets;

namespace GitOpsFleet.Reconciler.Tests.Drift;

/// <summary>
/// A reviewer who closed a drift pull request without merging said "Git wins" for that drift. When the same drift comes
/// back after other pull requests were opened and resolved (so the closed one is no longer the latest), the plan still
/// heals it, as it does when the closed one is the latest; before, only the latest counted and the drift was asked about again.
/// </summary>
public sealed class EarlierClosedReviewTests
{
    private static readonly DateTimeOffset At = new(2026, 12, 8, 3, 0, 0, TimeSpan.Zero);

    [Fact]
    public void SameDriftAsAnEarlierClosedPullRequest_IsHealed_EvenWhenALaterOneIsTheLatest()
    {
        var fleet = Fleet("f", [Pool("rpc", 1)]);
        var desired = Desired(fleet);
        var layouts = desired.Pools.ToDictionary(p => p.Spec.Name, p => DesiredNode.Numbered(fleet.Name, p.Spec, p.Replicas));
        var applied = new Dictionary<string, NodeSpecRecord> { ["rpc-0"] = NodeSpecRecord.Of(Node("f", "rpc", "rpc-0", version: "1.16.7")) };
        IReadOnlyList<ObservedNode> observed = [Node("f", "rpc", "rpc-0", version: "1.15.0")];
        var unavailable = new Dictionary<string, string>();
        var drift = Planner.Create(new PlanInput(desired, layouts, observed, applied, unavailable)).Drift;
        var closed = new PullRequestRecord(1, "f", "local", "gitopsfleet/drift/f", "main", "t", "b", PullRequestState.Closed, DriftReport.FingerprintOf(drift), "h1", 1, At, At, At, null);
        var resolvedLater = closed with { Id = 2, State = PullRequestState.Resolved, Fingerprint = "another-drift" };

        var (asked, none) = PlanStep.Decide(desired, layouts, observed, applied, unavailable, resolvedLater);
        var (healed, healedId) = PlanStep.Decide(desired, layouts, observed, applied, unavailable, resolvedLater, earlierClosed: [closed]);

        Assert.Null(none);
        Assert.Empty(asked.Actions);
        Assert.Equal(1, healedId);
        Assert.Equal(ActionKind.Update, Assert.Single(healed.Actions).Kind);
    }
}
