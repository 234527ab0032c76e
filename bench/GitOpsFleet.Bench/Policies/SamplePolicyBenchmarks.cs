using BenchmarkDotNet.Attributes;
using GitOpsFleet.Policies;
using GitOpsFleet.Policies.Values;

namespace GitOpsFleet.Bench.Policies;

/// <summary>
/// Targets (docs/PERFORMANCE.md, "Policies"): the sample admission policy on the sample fleet evaluates
/// in under 20 µs median, warm; parsing and compiling the sample policies takes under 5 ms, warm.
/// </summary>
[MemoryDiagnoser]
public class SamplePolicyBenchmarks
{
    private PolicyEngine _engine = null!;
    private PreparedQuery _admission = null!;
    private Value _input = null!;
    private List<RegoSource> _sources = null!;
    private Value _data = null!;

    [GlobalSetup]
    public void Setup()
    {
        (_sources, _data) = PolicyEngine.ReadDirectory(PolicyBenchInputs.SamplePolicyDirectory, includeTests: false);
        _engine = PolicyEngine.Compile(_sources, _data);
        _admission = _engine.Prepare("data.fleet.admission");
        _input = PolicyBenchInputs.Parse(PolicyBenchInputs.SampleFleetJson);
        var result = _engine.Evaluate(_admission, _input);
        if (result.Error is { } e || result.FirstValue is not ObjectValue doc || doc.Get("deny") is not SetValue deny || deny.Count != 0)
        {
            throw new InvalidOperationException($"the sample fleet should pass the sample admission policy: {result.ToOpaJson()}");
        }
    }

    /// <summary>The prepared query, as a caller that keeps a <see cref="PreparedQuery"/> per stage sees it.</summary>
    [Benchmark]
    public Value? AdmissionPrepared() => _engine.Evaluate(_admission, _input).FirstValue;

    /// <summary>The document fast path (no query rows).</summary>
    [Benchmark]
    public Value? AdmissionDocument() => _engine.EvaluateDocument("data.fleet.admission", _input);

    /// <summary>A query text each time (parse and compile the query, then evaluate), as the gate did before.</summary>
    [Benchmark]
    public Value? AdmissionQueryText() => _engine.Evaluate("data.fleet.admission", _input).FirstValue;

    /// <summary>Parse and compile admission.rego and plan.rego with data.yaml (the files are already read).</summary>
    [Benchmark]
    public PolicyEngine CompileSamplePolicies() => PolicyEngine.Compile(_sources, _data);
}
