using GitOpsFleet.Scripting.Metrics;

namespace GitOpsFleet.Scripting.Tests.Metrics;

/// <summary>The run's observation of a pool's clients, answered to scripts as <c>gitopsfleet_node_*</c> series.</summary>
public sealed class ObservedMetricsSourceTests(EngineFixture fixture) : IClassFixture<EngineFixture>
{
    private static readonly DateTimeOffset At = EngineFixture.Now;

    /// <summary>Two anvil nodes as the local provider observes them: heads 120 and 117, both in sync on chain 31337.</summary>
    private static IReadOnlyList<ObservedMetric> TwoAnvils()
    {
        var metrics = new List<ObservedMetric>();
        foreach (var (node, head) in new[] { ("devnet-0", 120.0), ("devnet-1", 117.0) })
        {
            var labels = new Dictionary<string, string> { ["pool"] = "devnet", ["node"] = node };
            metrics.Add(new("gitopsfleet_node_head_block", labels, head));
            metrics.Add(new("gitopsfleet_node_syncing", labels, 0));
            metrics.Add(new("gitopsfleet_node_chain_id", labels, 31337));
            metrics.Add(new("gitopsfleet_node_healthy", labels, 1));
        }
        return metrics;
    }

    private const string HeadLagScript = """
        // The lag of the pool's slowest member behind its best head, from the run's observation of the clients.
        var heads = Metrics.QueryAll("gitopsfleet_node_head_block{pool=\"" + Pool.Name + "\"}");
        var best = Metrics.Query("max(gitopsfleet_node_head_block)");
        var syncing = Metrics.Query("sum(gitopsfleet_node_syncing)") ?? 0;
        if (heads.Count < 2 || best is null) return Current;
        var lag = best.Value - heads.Min(h => h.Value);
        Log.Info($"{heads.Count} heads, lag {lag} blocks, {syncing} syncing, lagging {string.Join(",", heads.Where(h => h.Value < best).Select(h => h.Label("node")))}");
        return lag > 2 && syncing == 0 ? Current + 1 : Current;
        """;

    [Fact]
    public async Task Script_ReadsHeadLagBetweenPoolMembers_FromTheObservation_WithoutAskingTheSource()
    {
        var inner = new StaticMetricsSource(5);
        var source = new ObservedMetricsSource(inner, TwoAnvils());
        var request = TestPools.Request(HeadLagScript, current: 2, min: 1, max: 4, metrics: source) with { Pool = TestPools.Pool(1, 4, name: "devnet") };

        var result = await fixture.Engine.EvaluateAsync(request, CancellationToken.None);

        EvaluationAssert.Outcome(ScalingOutcome.Succeeded, result);
        Assert.Equal(3, result.Replicas);
        Assert.Equal("info: 2 heads, lag 3 blocks, 0 syncing, lagging devnet-1", Assert.Single(result.Log));
        Assert.Equal([2, 120, 0], result.Inputs.Queries.Select(q => q.Result));
        Assert.Equal(0, inner.Queries);
    }

    [Fact]
    public async Task OtherQueries_GoToThePoolsSource()
    {
        var inner = new StaticMetricsSource(5);
        var source = new ObservedMetricsSource(inner, TwoAnvils());

        var other = await source.QueryAsync("sum(rate(rpc_requests[5m]))", At, CancellationToken.None);
        // One name this parser cannot read (a binary operator) is Prometheus' to answer, not an error here.
        await source.QueryAsync("gitopsfleet_node_head_block - 1", At, CancellationToken.None);

        Assert.Equal(5, Assert.Single(other).Value);
        Assert.Equal(2, inner.Queries);
    }

    [Fact]
    public async Task RangeQuery_IsTheObservedValueAtItsEnd_AndRateSeesNothing()
    {
        var source = new ObservedMetricsSource(new StaticMetricsSource(), TwoAnvils());

        var range = await source.QueryRangeAsync("min(gitopsfleet_node_head_block)", At - TimeSpan.FromMinutes(5), At, TimeSpan.FromSeconds(5), CancellationToken.None);
        var rate = await source.QueryAsync("rate(gitopsfleet_node_head_block[1m])", At, CancellationToken.None);
        var lagging = await source.QueryAsync("gitopsfleet_node_head_block{node=\"devnet-1\"}", At, CancellationToken.None);

        Assert.Equal(new MetricPoint(At, 117), Assert.Single(Assert.Single(range).Points));
        Assert.Empty(rate);
        Assert.Equal(117, Assert.Single(lagging).Value);
    }
}
