using System.Globalization;
using CsCheck;
using GitOpsFleet.Model;
using GitOpsFleet.Providers;
using GitOpsFleet.Reconciler.Planning;
using GitOpsFleet.Reconciler.Tests.Planning.Properties;

namespace GitOpsFleet.Reconciler.Tests.Planning;

/// <summary>
/// The planner's promises checked on generated fleets (<see cref="FleetGen"/>). A failure prints the shrunk fleet
/// and the seed; <c>CsCheck_Seed=...</c> replays it. A shrunk counterexample becomes a plain test beside these.
/// </summary>
public sealed class PlannerPropertyTests
{
    internal const int Iterations = 3_000;

    private static void Sample(Action<FleetScenario> property) =>
        FleetGen.Scenario.Sample(property, iter: Iterations, print: s => s.ToString());

    private static string Describe(Plan plan) =>
        plan.Summary + (plan.Actions.Count == 0 ? "" : ": " + string.Join(", ", plan.Actions.Select(a => $"{a.Kind} {a.Node}")));

    [Fact]
    public void PlanApplyPlan_IsEmpty()
    {
        Sample(s =>
        {
            var plan = Planner.Create(s.Input);
            if (plan.Refusal is not null) return;
            var next = Planner.Create(ApplySimulation.Apply(s, plan).Input);
            Assert.True(next.Actions.Count == 0, $"after applying [{Describe(plan)}] the next plan is [{Describe(next)}]");
        });
    }

    [Fact]
    public void Plan_DeletesANodeOfAPoolInGit_OnlyToScaleInOrToHealAnUnknownNode()
    {
        Sample(s =>
        {
            var plan = Planner.Create(s.Input);
            var layouts = s.Layouts;
            var inGit = s.Pools.ToDictionary(p => p.Spec.Name, p => p.Spec, StringComparer.Ordinal);
            var laidOut = layouts.Values.SelectMany(l => l).Select(n => n.Name).ToHashSet(StringComparer.Ordinal);
            foreach (var delete in plan.Actions.Where(a => a.Kind == ActionKind.Delete))
            {
                var node = delete.Observed!;
                Assert.False(s.Unavailable.ContainsKey(node.Provider), $"{node.Name} of unavailable provider {node.Provider} deleted");
                Assert.False(node.Pool is { } skipped && s.Skipped.ContainsKey(skipped), $"{node.Name} of skipped pool {node.Pool} deleted");
                if (node.Pool is not { } pool || !inGit.ContainsKey(pool)) continue;
                var heal = s.Spec.Drift.Action == DriftAction.Heal;
                var allowed = node.Managed
                    ? !laidOut.Contains(node.Name) && (node.State == NodeState.Dead || layouts.ContainsKey(pool))
                    : heal || node.State == NodeState.Dead;
                Assert.True(allowed, $"{node.Name} ({node.State}, {(node.Managed ? "managed" : "unknown")}) of pool {pool}, still in Git, deleted: {delete.Reason}");
            }
        });
    }

    [Fact]
    public void Plan_ScalingIn_DeletesOnlyTheHighestNumberedNodes()
    {
        Sample(s =>
        {
            var plan = Planner.Create(s.Input);
            if (plan.Refusal is not null) return;
            var after = ApplySimulation.Apply(s, plan);
            foreach (var pool in s.Pools.Where(p => s.Runnable(p.Spec)).Select(p => p.Spec.Name))
            {
                var deleted = plan.Actions.Where(a => a.Kind == ActionKind.Delete && a.Observed is { Managed: true, State: not NodeState.Dead } && a.Pool == pool)
                    .Select(a => Index(a.Node)).ToList();
                if (deleted.Count == 0) continue;
                var kept = after.Observed.Where(o => o.Pool == pool && o.Managed && o.State != NodeState.Dead).Select(o => Index(o.Name)).ToList();
                Assert.True(kept.Count == 0 || deleted.Min() > kept.Max(),
                    $"pool {pool} deletes [{string.Join(",", deleted)}] but keeps [{string.Join(",", kept)}]");
            }
        });
    }

    [Fact]
    public void PlanApplied_LeavesEachPoolAtItsReplicas_WithinMinAndMax()
    {
        Sample(s =>
        {
            var plan = Planner.Create(s.Input);
            if (plan.Refusal is not null) return;
            var after = ApplySimulation.Apply(s, plan);
            var layouts = s.Layouts;
            foreach (var pool in s.Pools.Where(p => s.Runnable(p.Spec)))
            {
                // A hand-started node that matches Git is adopted without an action, so it counts by its name in the layout.
                var laidOut = layouts[pool.Spec.Name].Select(n => n.Name).ToHashSet(StringComparer.Ordinal);
                var live = after.Observed.Where(o => o.Pool == pool.Spec.Name && o.State != NodeState.Dead && (o.Managed || laidOut.Contains(o.Name)))
                    .Select(o => o.Name).Distinct(StringComparer.Ordinal).Count();
                Assert.True(live == pool.Replicas && live >= pool.Spec.Replicas.Min && live <= pool.Spec.Replicas.Max,
                    $"pool {pool.Spec.Name} runs {live} node(s) after the plan; wanted {pool.Replicas} in {pool.Spec.Replicas.Min}..{pool.Spec.Replicas.Max}");
            }
        });
    }

    /// <summary>The number a node's name ends in (rpc-12 is 12); names without one sort last.</summary>
    private static int Index(string name) =>
        int.TryParse(name.AsSpan(name.LastIndexOf('-') + 1), NumberStyles.None, CultureInfo.InvariantCulture, out var i) ? i : int.MaxValue;
}
