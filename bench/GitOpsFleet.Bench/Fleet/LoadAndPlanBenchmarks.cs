using BenchmarkDotNet.Attributes;
using GitOpsFleet.Loading;
using GitOpsFleet.Providers;
using GitOpsFleet.Model;
using GitOpsFleet.Reconciler.Planning;

namespace GitOpsFleet.Bench.Fleet;

/// <summary>Loading and planning a generated fleet (observed state given): target under 50 ms for 1,000 pools and 10,000 nodes, growing linearly.</summary>
[MemoryDiagnoser]
public class LoadAndPlanBenchmarks
{
    private InMemorySnapshot _snapshot = null!;
    private IReadOnlyList<ObservedNode> _observed = null!;
    private readonly FleetLoader _loader = new();

    // 1,000 pools of 10 to 20 nodes go past the default limit of 10,000 nodes (sum of replicas.max).
    private readonly FleetLoadOptions _options = FleetLoadOptions.Default with { MaxNodesPerFleet = 100_000 };

    [Params(100, 1000)]
    public int Pools { get; set; }

    [GlobalSetup]
    public void Setup()
    {
        _snapshot = FleetGenerator.Snapshot("bench", Pools, 10);
        var spec = _loader.Load(_snapshot, _options).Fleet ?? throw new InvalidOperationException("generated fleet does not load");
        _observed = FleetGenerator.ObservedMatching(spec);
    }

    [Benchmark]
    public int Load() => _loader.Load(_snapshot, _options).Fleet!.Pools.Count;

    [Benchmark]
    public int LoadAndPlan()
    {
        var spec = _loader.Load(_snapshot, _options).Fleet!;
        var desired = new DesiredFleet(spec, _snapshot.Commit, spec.Pools.Select(p => new DesiredPool(p, p.Replicas.Min, "replicas.min")).ToList());
        var layouts = new Dictionary<string, IReadOnlyList<DesiredNode>>(StringComparer.Ordinal);
        foreach (var pool in desired.Pools) layouts[pool.Spec.Name] = DesiredNode.Numbered(spec.Name, pool.Spec, pool.Replicas);
        var applied = new Dictionary<string, NodeSpecRecord>(StringComparer.Ordinal);
        foreach (var node in _observed) applied[node.Name] = NodeSpecRecord.Of(node);
        var plan = Planner.Create(new PlanInput(desired, layouts, _observed, applied, new Dictionary<string, string>()));
        return plan.Actions.Count;
    }
}
