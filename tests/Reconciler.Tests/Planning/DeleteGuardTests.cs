using GitOpsFleet.Providers;
using GitOpsFleet.Model;
using GitOpsFleet.Reconciler.Planning;
using static GitOpsFleet.Reconciler.Tests.Support.Fleets;

namespace GitOpsFleet.Reconciler.Tests.Planning;

public sealed class DeleteGuardTests
{
    private static Plan PlanFor(FleetSpec fleet, IReadOnlyList<ObservedNode> observed, IReadOnlyDictionary<string, NodeSpecRecord>? applied = null)
    {
        var desired = Desired(fleet);
        var layout = desired.Pools.ToDictionary(p => p.Spec.Name, p => DesiredNode.Numbered(fleet.Name, p.Spec, p.Replicas));
        applied ??= observed.Where(o => o.Managed).ToDictionary(o => o.Name, NodeSpecRecord.Of);
        return Planner.Create(new PlanInput(desired, layout, observed, applied, new Dictionary<string, string>()));
    }

    private static FleetSpec WithMaxDelete(FleetSpec fleet, int percent) => fleet with { Reconcile = fleet.Reconcile with { MaxDeletePercent = percent } };

    [Fact]
    public void Plan_DeletingMoreThanMaxDeletePercent_IsHeldWithTheShare()
    {
        var observed = new[] { Node("f", "rpc", "rpc-0"), Node("f", "old", "old-0"), Node("f", "old", "old-1") };

        var plan = PlanFor(Fleet("f", [Pool("rpc", 1)]), observed);

        Assert.Equal(2, plan.Count(ActionKind.Delete));
        Assert.Null(plan.Refusal);
        Assert.NotNull(plan.Hold);
        Assert.Contains("2 of the 3 managed node(s) of fleet f (67%)", plan.Hold, StringComparison.Ordinal);
        Assert.Contains("reconcile.maxDeletePercent (50%)", plan.Hold, StringComparison.Ordinal);
    }

    [Fact]
    public void Plan_DeletingAtMostMaxDeletePercent_IsNotHeld()
    {
        var observed = new[] { Node("f", "rpc", "rpc-0"), Node("f", "old", "old-0") };

        Assert.Null(PlanFor(Fleet("f", [Pool("rpc", 1)]), observed).Hold);
        Assert.NotNull(PlanFor(WithMaxDelete(Fleet("f", [Pool("rpc", 1)]), 0), observed).Hold);
    }

    [Fact]
    public void Plan_ScaleInOfAManualPool_IsHeldEvenUnderTheShare()
    {
        var observed = new[] { Node("f", "rpc", "rpc-0"), Node("f", "rpc", "rpc-1"), Node("f", "val", "val-0"), Node("f", "val", "val-1") };
        var fleet = WithMaxDelete(Fleet("f", [Pool("rpc", 2), Pool("val", 1, replacement: ReplacementPolicy.Manual)]), 100);

        var plan = PlanFor(fleet, observed);

        Assert.Equal("val-1", Assert.Single(plan.Actions).Node);
        Assert.Contains("pool val (val-1) with replacement: manual", plan.Hold, StringComparison.Ordinal);
        Assert.DoesNotContain("raise reconcile.maxDeletePercent", plan.Hold, StringComparison.Ordinal);
    }

    [Fact]
    public void Plan_RemovedPoolRecordedAsManual_IsHeld()
    {
        var observed = new[] { Node("f", "rpc", "rpc-0"), Node("f", "val", "val-0") };
        var applied = observed.ToDictionary(o => o.Name, o => NodeSpecRecord.Of(o) with { ManualReplacement = o.Pool == "val" });

        var plan = PlanFor(WithMaxDelete(Fleet("f", [Pool("rpc", 1)]), 100), observed, applied);

        Assert.Contains("pool val (val-0)", plan.Hold, StringComparison.Ordinal);
    }

    [Fact]
    public void Plan_ForgettingADeadNode_IsNotHeld()
    {
        var observed = new[] { Node("f", "rpc", "rpc-0"), Node("f", "old", "old-0", state: NodeState.Dead) };

        var plan = PlanFor(WithMaxDelete(Fleet("f", [Pool("rpc", 1)]), 0), observed);

        Assert.Equal(ActionKind.Delete, Assert.Single(plan.Actions).Kind);
        Assert.Null(plan.Hold);
    }
}
