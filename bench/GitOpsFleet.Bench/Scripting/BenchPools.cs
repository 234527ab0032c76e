using GitOpsFleet.Model;

namespace GitOpsFleet.Bench.Scripting;

internal static class BenchPools
{
    public static PoolSpec Pool(string name) => new(
        name,
        new Dictionary<string, string> { ["chain"] = "ethereum", ["role"] = "rpc" },
        "local",
        null,
        new MachineSpec(null, null),
        new SoftwareSpec("geth", "1.14.12"),
        new ReplicaRange(2, 12),
        new ScalingSpec("scaling/rpc-autoscale.csx", TimeSpan.FromMinutes(2)),
        NetworkSpec.Default,
        StorageSpec.Default,
        ReplacementPolicy.Auto,
        null,
        $"pools/{name}.yaml");

    /// <summary>A typical script: one query, a little arithmetic and LINQ, a log line.</summary>
    public const string Script = """
        var rps = Metrics.Query("sum(rate(rpc_requests[5m]))") ?? 0;
        var nodes = Metrics.QueryAll("chain_head_block");
        var best = nodes.Count == 0 ? 0 : nodes.Max(n => n.Value);
        var synced = nodes.Count(n => best - n.Value <= 8);
        var wanted = (int)Math.Ceiling(rps / 150) + 1;
        if (wanted < Current) wanted = Current - 1;
        Log.Info($"{Pool.Name}: {rps:F0} req/s, {synced} synced -> {wanted}");
        return wanted;
        """;
}
