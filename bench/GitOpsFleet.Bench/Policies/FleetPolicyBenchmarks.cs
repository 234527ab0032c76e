using BenchmarkDotNet.Attributes;
using GitOpsFleet.Policies;
using GitOpsFleet.Policies.Values;

namespace GitOpsFleet.Bench.Policies;

/// <summary>
/// Target (docs/PERFORMANCE.md, "Policies"): a generated fleet of 1,000 pools against 50 rules in under
/// 5 ms per evaluation, cost growing linearly with the number of pools (250/500/1000).
/// </summary>
[MemoryDiagnoser]
public class FleetPolicyBenchmarks
{
    private PolicyEngine _engine = null!;
    private Value _input = null!;

    [Params(250, 500, 1000)]
    public int Pools { get; set; }

    [GlobalSetup]
    public void Setup()
    {
        _engine = PolicyBenchInputs.GeneratedEngine();
        _input = PolicyBenchInputs.Parse(PolicyBenchInputs.GeneratedFleetJson(Pools));
        var doc = _engine.EvaluateDocument("fleet.generated", _input) as ObjectValue
            ?? throw new InvalidOperationException("the generated policy is undefined");
        // The fleet has mistakes in it: both sets must be non-empty and grow with the fleet.
        if (doc.Get("deny") is not SetValue { Count: > 0 } deny || doc.Get("warn") is not SetValue { Count: > 0 } warn)
        {
            throw new InvalidOperationException("the generated fleet should produce denials and warnings");
        }

        Console.WriteLine($"// {Pools} pools: {deny.Count} deny, {warn.Count} warn");
    }

    [Benchmark]
    public Value? FiftyRules() => _engine.EvaluateDocument("fleet.generated", _input);
}
