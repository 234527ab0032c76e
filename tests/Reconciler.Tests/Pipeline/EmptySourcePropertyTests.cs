using CsCheck;
using GitOpsFleet.Loading;
using GitOpsFleet.Model;
using GitOpsFleet.Providers;
using GitOpsFleet.Reconciler.Planning;
using GitOpsFleet.Reconciler.Tests.Planning;
using GitOpsFleet.Reconciler.Tests.Planning.Properties;
using static GitOpsFleet.Reconciler.Tests.Support.Fleets;

namespace GitOpsFleet.Reconciler.Tests.Pipeline;

/// <summary>
/// A commit that is empty or does not load never deletes a running node. The pipeline's two guards: a fleet that
/// does not load stalls in the load step before anything is planned, and a fleet that loads with no node left is
/// refused by the planner unless fleet.yaml sets reconcile.allowEmpty (never set here).
/// </summary>
public sealed class EmptySourcePropertyTests
{
    private static readonly string[] Junk = ["", "{", ":::", "kind: NodePool", "apiVersion: gitopsfleet.dev/v1\nkind: NodePool\n", "- a\n- b\n", "\t\u0000"];

    private const string Pool = """
        apiVersion: gitopsfleet.dev/v1
        kind: NodePool
        metadata:
          name: a
        spec:
          provider: local
          software: {name: geth, version: 1.0}
          replicas: {min: 1, max: 3}

        """;

    private static string FleetYaml(bool prune, string drift) => $$"""
        apiVersion: gitopsfleet.dev/v1
        kind: Fleet
        metadata:
          name: f
        spec:
          reconcile: {interval: 30s, mode: auto, prune: {{(prune ? "true" : "false")}}, allowEmpty: false, maxParallel: 2}
          drift: {action: {{drift}}}

        """;

    /// <summary>No files; fleet.yaml alone; a junk pool file; a junk fleet.yaml; a pool file cut short; a pools folder with no pool.</summary>
    private static readonly Gen<InMemorySnapshot> Source = Gen.Select(Gen.Int[0, 5], Gen.Bool, Gen.OneOf("pull-request", "heal", "report"), Gen.Int[0, Junk.Length - 1], Gen.Int[0, Pool.Length],
        (kind, prune, drift, junk, cut) =>
        {
            var fleet = FleetYaml(prune, drift);
            (string, string)[] files = kind switch
            {
                0 => [],
                1 => [("fleet.yaml", fleet)],
                2 => [("fleet.yaml", fleet), ("pools/a.yaml", Junk[junk])],
                3 => [("fleet.yaml", Junk[junk])],
                4 => [("fleet.yaml", fleet), ("pools/a.yaml", Pool[..cut])],
                _ => [("fleet.yaml", fleet), ("pools/README.md", "pools live here")],
            };
            return new InMemorySnapshot("c0ffee", files.Select(f => new KeyValuePair<string, string>(f.Item1, f.Item2)));
        });

    /// <summary>Shrunk counterexample (seed 62P-SnNTlf63) of the property over every running node, not only managed ones.</summary>
    [Fact]
    public void EmptyFleet_HealingAHandStartedNode_IsRefused()
    {
        var spec = Fleet("f", [], prune: false, drift: DriftAction.Heal);
        var stray = Node("f", "rpc", "stray-3", managed: false) with { Pool = null };
        var plan = Planner.Create(new PlanInput(new DesiredFleet(spec, "c0ffee", []), new Dictionary<string, IReadOnlyList<DesiredNode>>(), [stray],
            new Dictionary<string, NodeSpecRecord>(), new Dictionary<string, string>()));
        Assert.True(plan.Refusal is not null || plan.Count(ActionKind.Delete) == 0, plan.Summary);
    }

    [Fact]
    public void EmptyOrUnloadableSource_NeverDeletesARunningNode()
    {
        var loader = new FleetLoader();
        Gen.Select(Source, FleetGen.Scenario).Sample((source, before) =>
        {
            var loaded = loader.Load(source);
            // The load step stalls on a fleet that does not load: nothing is planned, so nothing is deleted.
            if (!loaded.Succeeded || loaded.Fleet is not { } spec || spec.Pools.Count > 0) return;
            var desired = new DesiredFleet(spec, "c0ffee", []);
            var plan = Planner.Create(new PlanInput(desired, new Dictionary<string, IReadOnlyList<DesiredNode>>(), before.Observed, before.Applied, before.Unavailable));
            if (plan.Refusal is not null) return;
            // Any running node, hand-started ones too (the shrunk counterexample above).
            var deletes = plan.Actions.Where(a => a.Kind == ActionKind.Delete && a.Observed is { State: not NodeState.Dead }).Select(a => a.Node).ToList();
            Assert.True(deletes.Count == 0, $"an empty fleet (prune {spec.Reconcile.Prune}, drift {spec.Drift.Action}) deletes {string.Join(", ", deletes)}");
        }, iter: PlannerPropertyTests.Iterations, print: t => $"{string.Join(" | ", t.Item1.ListFilesRecursive("").Select(p => p + ": " + ((ISourceSnapshot)t.Item1).ReadText(p)))}\n{t.Item2}");
    }
}
