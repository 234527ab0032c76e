using GitOpsFleet.Model;
using GitOpsFleet.Scripting.Metrics;

namespace GitOpsFleet.Scripting.Tests;

internal static class TestPools
{
    public static PoolSpec Pool(int min = 1, int max = 10, string name = "eth-rpc-test") => new(
        name,
        new Dictionary<string, string> { ["chain"] = "ethereum", ["role"] = "rpc" },
        "local",
        null,
        new MachineSpec(null, null),
        new SoftwareSpec("geth", "1.14.12"),
        new ReplicaRange(min, max),
        new ScalingSpec("scaling/test.csx", TimeSpan.FromMinutes(2)),
        NetworkSpec.Default,
        StorageSpec.Default,
        ReplacementPolicy.Auto,
        null,
        "pools/test.yaml");

    public static ScalingScriptRequest Request(string source, int current = 3, int min = 1, int max = 10, IMetricsSource? metrics = null, string path = "scaling/test.csx") =>
        new(path, source, Pool(min, max), current, metrics ?? new StaticMetricsSource());
}

internal static class EvaluationAssert
{
    public static void Outcome(ScalingOutcome expected, ScalingEvaluation result) =>
        Assert.True(expected == result.Outcome, $"expected {expected}, got {result.Outcome}: {string.Join(" | ", result.Diagnostics)}");
}
