using BenchmarkDotNet.Attributes;
using GitOpsFleet.Scripting;

namespace GitOpsFleet.Bench.Scripting;

/// <summary>
/// Targets (docs/PERFORMANCE.md, "Scaling scripts"): a cached script evaluates in under 20 µs median, budgets included;
/// a new script compiles and passes the sandbox check in under 150 ms in a warm process.
/// </summary>
[MemoryDiagnoser]
[SimpleJob(launchCount: 1, warmupCount: 3, iterationCount: 15)]
public class ScalingScriptBenchmarks
{
    private ScalingScriptEngine _engine = null!;
    private ScalingScriptRequest _request = null!;
    private int _version;

    [GlobalSetup]
    public void Setup()
    {
        _engine = new ScalingScriptEngine(new ScalingScriptOptions { CacheCapacity = 64 }, TimeProvider.System);
        _request = new ScalingScriptRequest("scaling/rpc-autoscale.csx", BenchPools.Script, BenchPools.Pool("eth-rpc"), 4, new InMemoryMetricsSource());
        var warm = _engine.EvaluateAsync(_request, CancellationToken.None).GetAwaiter().GetResult();
        if (!warm.Succeeded) throw new InvalidOperationException(string.Join("; ", warm.Diagnostics));
        // Warm Roslyn too, so the compile benchmark measures a warm process.
        for (var i = 0; i < 3; i++) _engine.Check("warm.csx", BenchPools.Script + $"\n// warm {i}");
    }

    [GlobalCleanup]
    public void Cleanup() => _engine.Dispose();

    [Benchmark]
    public int CachedEvaluation() => _engine.EvaluateAsync(_request, CancellationToken.None).GetAwaiter().GetResult().Replicas;

    [Benchmark]
    public int NewScriptCompileAndCheck()
    {
        // A distinct text each time: a cache miss, a full parse, check, rewrite, emit and load.
        var source = BenchPools.Script.Replace("150", (150 + Interlocked.Increment(ref _version)).ToString(System.Globalization.CultureInfo.InvariantCulture));
        var diagnostics = _engine.Check("scaling/new.csx", source);
        if (diagnostics.Count > 0) throw new InvalidOperationException(string.Join("; ", diagnostics));
        return diagnostics.Count;
    }
}
