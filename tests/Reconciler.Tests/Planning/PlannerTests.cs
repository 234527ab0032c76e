using GitOpsFleet.Providers;
using GitOpsFleet.Model;
using GitOpsFleet.Reconciler.Planning;
using static GitOpsFleet.Reconciler.Tests.Support.Fleets;

namespace GitOpsFleet.Reconciler.Tests.Planning;

public sealed class PlannerTests
{
    private static Plan PlanFor(FleetSpec fleet, IReadOnlyList<ObservedNode> observed, IReadOnlyDictionary<string, NodeSpecRecord>? applied = null, IReadOnlyDictionary<string, string>? unavailable = null)
    {
        var desired = Desired(fleet);
        var layout = desired.Pools.ToDictionary(p => p.Spec.Name, p => DesiredNode.Numbered(fleet.Name, p.Spec, p.Replicas));
        applied ??= observed.Where(o => o.Managed).ToDictionary(o => o.Name, NodeSpecRecord.Of);
        return Planner.Create(new PlanInput(desired, layout, observed, applied, unavailable ?? new Dictionary<string, string>()));
    }

    [Fact]
    public void Plan_EmptyObserved_CreatesEveryNodeInNaturalOrder()
    {
        var plan = PlanFor(Fleet("f", [Pool("rpc", 11)]), []);
        Assert.Equal(11, plan.Count(ActionKind.Create));
        Assert.Equal("rpc-0", plan.Actions[0].Node);
        Assert.Equal("rpc-2", plan.Actions[2].Node);
        Assert.Equal("rpc-10", plan.Actions[10].Node);
        Assert.True(plan.HasChanges);
        Assert.Empty(plan.Drift);
    }

    [Fact]
    public void Plan_FleetMatches_HasNoChanges()
    {
        var plan = PlanFor(Fleet("f", [Pool("rpc", 2)]), [Node("f", "rpc", "rpc-0"), Node("f", "rpc", "rpc-1")]);
        Assert.False(plan.HasChanges);
        Assert.Equal("no changes", plan.Summary);
    }

    [Fact]
    public void Plan_DeadNode_IsDriftAndReplacedWhateverTheDriftAction()
    {
        foreach (var action in new[] { DriftAction.PullRequest, DriftAction.Report, DriftAction.Heal })
        {
            var plan = PlanFor(Fleet("f", [Pool("rpc", 2)], drift: action), [Node("f", "rpc", "rpc-0"), Node("f", "rpc", "rpc-1", state: NodeState.Dead)]);
            var replace = Assert.Single(plan.Actions);
            Assert.Equal(ActionKind.Replace, replace.Kind);
            Assert.Equal("rpc-1", replace.Node);
            var drift = Assert.Single(plan.Drift);
            Assert.Equal(DriftKind.Missing, drift.Kind);
        }
    }

    [Fact]
    public void Plan_DeadValidatorWithManualReplacement_WaitsForApproval()
    {
        var plan = PlanFor(Fleet("f", [Pool("validator", 1, replacement: ReplacementPolicy.Manual)]), [Node("f", "validator", "validator-0", state: NodeState.Dead)]);
        var replace = Assert.Single(plan.Actions);
        Assert.Equal((ActionKind.Replace, "validator-0"), (replace.Kind, replace.Node));
        Assert.Contains("validator-0", plan.Hold, StringComparison.Ordinal);
        Assert.Equal(DriftKind.Missing, Assert.Single(plan.Drift).Kind);
        Assert.Contains(plan.Notes, n => n.Contains("waits for approval", StringComparison.Ordinal));
    }

    [Fact]
    public void Plan_HandStartedNode_IsUnknownDrift_DeletedOnlyWhenHealing()
    {
        var observed = new[] { Node("f", "rpc", "rpc-0"), Node("f", "rpc", "intruder", managed: false) };
        var pr = PlanFor(Fleet("f", [Pool("rpc", 1)]), observed);
        Assert.Empty(pr.Actions);
        Assert.Equal(DriftKind.Unknown, Assert.Single(pr.Drift).Kind);

        var heal = PlanFor(Fleet("f", [Pool("rpc", 1)], drift: DriftAction.Heal), observed);
        var delete = Assert.Single(heal.Actions);
        Assert.Equal((ActionKind.Delete, "intruder"), (delete.Kind, delete.Node));
    }

    [Fact]
    public void Plan_VersionChangedInGit_IsAnUpdateNotDrift()
    {
        var observed = new[] { Node("f", "rpc", "rpc-0", version: "1.16.6") };
        var plan = PlanFor(Fleet("f", [Pool("rpc", 1, version: "1.16.7")]), observed);
        var update = Assert.Single(plan.Actions);
        Assert.Equal(ActionKind.Update, update.Kind);
        Assert.Contains("1.16.6 -> 1.16.7", update.Reason, StringComparison.Ordinal);
        Assert.Empty(plan.Drift);
    }

    [Fact]
    public void Plan_VersionChangedOnTheMachine_IsDrift_HealedOnlyWithHeal()
    {
        var applied = new Dictionary<string, NodeSpecRecord> { ["rpc-0"] = NodeSpecRecord.Of(Node("f", "rpc", "rpc-0", version: "1.16.7")) };
        var observed = new[] { Node("f", "rpc", "rpc-0", version: "1.15.0") };
        var pr = PlanFor(Fleet("f", [Pool("rpc", 1)]), observed, applied);
        Assert.Empty(pr.Actions);
        var item = Assert.Single(pr.Drift);
        Assert.Equal((DriftKind.Changed, "software.version", "1.16.7", "1.15.0"), (item.Kind, item.Field, item.Expected, item.Observed));

        var heal = PlanFor(Fleet("f", [Pool("rpc", 1)], drift: DriftAction.Heal), observed, applied);
        Assert.Equal(ActionKind.Update, Assert.Single(heal.Actions).Kind);
    }

    [Fact]
    public void Plan_NoAppliedRecord_ADifferingValueIsDriftNeverAnUpdate()
    {
        // A lost or restored state store: the node runs 1.15.0, Git says 1.16.7, and nothing says which side moved.
        var observed = new[] { Node("f", "rpc", "rpc-0", version: "1.15.0") };
        var plan = PlanFor(Fleet("f", [Pool("rpc", 1)]), observed, new Dictionary<string, NodeSpecRecord>());
        Assert.Empty(plan.Actions);
        var item = Assert.Single(plan.Drift);
        Assert.Equal((DriftKind.Changed, "software.version", "1.16.7", "1.15.0"), (item.Kind, item.Field, item.Expected, item.Observed));
    }

    [Fact]
    public void Plan_NoAppliedRecord_ProviderOnlyDifferenceIsTheFirstConfiguration()
    {
        // A bare-metal host Git lists but no run has configured yet: only the provider's check sees a difference.
        var observed = new[] { Node("f", "rpc", "rpc-0") with { ProviderDrift = ["task install: changed"] } };
        var plan = PlanFor(Fleet("f", [Pool("rpc", 1)]), observed, new Dictionary<string, NodeSpecRecord>());
        Assert.Equal(ActionKind.Update, Assert.Single(plan.Actions).Kind);
        Assert.Empty(plan.Drift);
    }

    [Fact]
    public void Plan_RemovedPool_PrunedOnlyWithPrune()
    {
        var observed = new[] { Node("f", "rpc", "rpc-0"), Node("f", "old", "old-0") };
        var pruned = PlanFor(Fleet("f", [Pool("rpc", 1)], prune: true), observed);
        Assert.Equal(("old-0", ActionKind.Delete), (Assert.Single(pruned.Actions).Node, pruned.Actions[0].Kind));

        var kept = PlanFor(Fleet("f", [Pool("rpc", 1)], prune: false), observed);
        Assert.Empty(kept.Actions);
        Assert.Contains(kept.Notes, n => n.Contains("prune is false", StringComparison.Ordinal));
    }

    [Fact]
    public void Plan_ScaleIn_DeletesHighestNodesEvenWithoutPrune()
    {
        var observed = new[] { Node("f", "rpc", "rpc-0"), Node("f", "rpc", "rpc-1"), Node("f", "rpc", "rpc-2") };
        var plan = PlanFor(Fleet("f", [Pool("rpc", 1)], prune: false), observed);
        Assert.Equal(["rpc-1", "rpc-2"], plan.Actions.Select(a => a.Node));
        Assert.All(plan.Actions, a => Assert.Equal(ActionKind.Delete, a.Kind));
    }

    [Fact]
    public void Plan_CommitWithNoPools_IsRefusedUnlessAllowEmpty()
    {
        var observed = new[] { Node("f", "rpc", "rpc-0"), Node("f", "ipfs", "ipfs-0") };
        var refused = PlanFor(Fleet("f", []), observed);
        Assert.NotNull(refused.Refusal);
        Assert.Contains("allowEmpty", refused.Refusal, StringComparison.Ordinal);
        Assert.False(refused.HasChanges);

        var allowed = PlanFor(Fleet("f", [], allowEmpty: true), observed);
        Assert.Null(allowed.Refusal);
        Assert.Equal(2, allowed.Count(ActionKind.Delete));
    }

    [Fact]
    public void Plan_UnavailableProvider_LeavesItsNodesAlone()
    {
        var pool = Pool("metal", 2, provider: "ansible");
        var observed = new[] { Node("f", "rpc", "rpc-0") with { Provider = "ansible", Pool = "gone" } };
        var plan = PlanFor(Fleet("f", [pool, Pool("rpc", 1)]), observed, unavailable: new Dictionary<string, string> { ["ansible"] = "not installed" });
        Assert.DoesNotContain(plan.Actions, a => a.Provider == "ansible");
        Assert.Contains(plan.Notes, n => n.Contains("not installed", StringComparison.Ordinal));
    }

    [Fact]
    public void Plan_SkippedPool_LeavesItsNodesAloneAndPlansTheOtherPools()
    {
        var fleet = Fleet("f", [Pool("devnet", 2), Pool("rpc", 1)]);
        var desired = Desired(fleet);
        var layout = desired.Pools.Where(p => p.Spec.Name != "devnet").ToDictionary(p => p.Spec.Name, p => DesiredNode.Numbered(fleet.Name, p.Spec, p.Replicas));
        var observed = new[] { Node("f", "devnet", "devnet-0") };
        var skipped = new Dictionary<string, string> { ["devnet"] = "anvil 1.7.1 is not installed: no anvil executable in PATH" };

        var plan = Planner.Create(new PlanInput(desired, layout, observed, new Dictionary<string, NodeSpecRecord>(), new Dictionary<string, string>(), skipped));

        var create = Assert.Single(plan.Actions);
        Assert.Equal((ActionKind.Create, "rpc-0"), (create.Kind, create.Node));
        Assert.Null(plan.Refusal);
        Assert.Contains("pool devnet skipped: anvil 1.7.1 is not installed: no anvil executable in PATH", plan.Notes);
    }

    [Fact]
    public void Plan_OrdersCreatesBeforeUpdatesBeforeDeletes()
    {
        var observed = new[] { Node("f", "a", "a-0", version: "0.9"), Node("f", "gone", "gone-0") };
        var plan = PlanFor(Fleet("f", [Pool("a", 1, version: "1.0"), Pool("b", 1)]), observed);
        Assert.Equal([ActionKind.Create, ActionKind.Update, ActionKind.Delete], plan.Actions.Select(a => a.Kind));
    }
}
