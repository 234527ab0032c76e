using System.Text;
using BenchmarkDotNet.Attributes;
using GitOpsFleet.Policies;
using GitOpsFleet.Policies.Values;

namespace GitOpsFleet.Bench.Policies;

/// <summary>
/// Target (docs/PERFORMANCE.md, "Policies"): a 10 MB input document parses and evaluates without being
/// copied more than once. The UTF-8 bytes are read before the benchmark; what it allocates is the
/// parsed value tree (the one copy) plus what evaluation needs, compared with the document's size.
/// </summary>
[MemoryDiagnoser]
public class LargeInputBenchmarks
{
    private PolicyEngine _engine = null!;
    private PreparedQuery _admission = null!;
    private byte[] _utf8 = null!;
    private byte[] _uniqueUtf8 = null!;

    [GlobalSetup]
    public void Setup()
    {
        _engine = PolicyEngine.LoadDirectory(PolicyBenchInputs.SamplePolicyDirectory, includeTests: false);
        _admission = _engine.Prepare("data.fleet.admission");
        // ~10 MB: the generated fleet at about 1 KB a pool.
        var pools = 1;
        string json;
        do
        {
            pools *= 2;
            json = PolicyBenchInputs.GeneratedFleetJson(pools);
        }
        while (Encoding.UTF8.GetByteCount(json) < 10_000_000 / 2);

        pools = (int)(pools * (10_000_000.0 / Encoding.UTF8.GetByteCount(json)));
        _utf8 = Encoding.UTF8.GetBytes(PolicyBenchInputs.GeneratedFleetJson(pools));
        Console.WriteLine($"// input: {_utf8.Length:N0} bytes, {pools} pools");
        _uniqueUtf8 = Encoding.UTF8.GetBytes(PolicyBenchInputs.UniqueValuesJson(10_000_000));
        Console.WriteLine($"// unique-values input: {_uniqueUtf8.Length:N0} bytes");
    }

    [Benchmark]
    public Value ParseOnly() => ValueJson.Parse(_utf8);

    /// <summary>
    /// The worst case for the parser's sharing: every string and number differs and no two objects are
    /// equal (only the keys repeat), so each value costs its own object.
    /// </summary>
    [Benchmark]
    public Value ParseUniqueValues() => ValueJson.Parse(_uniqueUtf8);

    [Benchmark]
    public Value? ParseAndEvaluate()
    {
        var input = ValueJson.Parse(_utf8);
        return _engine.Evaluate(_admission, input).FirstValue;
    }
}
