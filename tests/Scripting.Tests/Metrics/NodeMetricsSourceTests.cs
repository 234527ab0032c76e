using GitOpsFleet.Scripting.Metrics;
using Microsoft.Extensions.Time.Testing;

namespace GitOpsFleet.Scripting.Tests.Metrics;

public sealed class NodeMetricsSourceTests
{
    [Fact]
    public async Task Rate_UsesSamplesKeptBetweenScrapes()
    {
        await using var a = await SimulatedNode.StartAsync();
        await using var b = await SimulatedNode.StartAsync();
        var time = new FakeTimeProvider(new DateTimeOffset(2025, 6, 1, 12, 0, 0, TimeSpan.Zero));
        using var http = new HttpClient();
        var source = new NodeMetricsSource(http, [a.MetricsUri, b.MetricsUri], time);

        a.Requests = 1000; b.Requests = 50;
        Assert.Empty(await source.QueryAsync("rate(rpc_requests[2m])", time.GetUtcNow(), CancellationToken.None)); // one scrape: no rate yet
        time.Advance(TimeSpan.FromSeconds(60));
        a.Requests = 7000; b.Requests = 20; // b restarted: its counter was reset
        var rates = await source.QueryAsync("rate(rpc_requests[2m])", time.GetUtcNow(), CancellationToken.None);
        var total = await source.QueryAsync("sum(rate(rpc_requests[2m]))", time.GetUtcNow(), CancellationToken.None);

        Assert.Equal(2, rates.Count);
        Assert.Equal(100.0, rates.Single(r => r.Label("instance") == a.MetricsUri.Authority).Value, 6);
        Assert.Equal(20.0 / 60, rates.Single(r => r.Label("instance") == b.MetricsUri.Authority).Value, 6);
        Assert.Equal(100.0 + 20.0 / 60, total.Single().Value, 6);
    }

    [Theory]
    [InlineData("chain_head_block", 2, 20_000_000)]
    [InlineData("max(chain_head_block)", 1, 20_000_100)]
    [InlineData("count(up)", 1, 3)]
    [InlineData("sum(up)", 1, 2)]
    [InlineData("rpc_duration_all{quantile=\"0.5\"}", 2, 120000)]
    [InlineData("rpc_duration_all{quantile=~\"0\\\\.9.*\"}", 0, 0)]
    [InlineData("{__name__=\"p2p_peers\", instance!=\"nowhere\"}", 2, 50)]
    public async Task InstantQueries_CoverTheDocumentedSubset(string query, int series, double first)
    {
        await using var a = await SimulatedNode.StartAsync();
        await using var b = await SimulatedNode.StartAsync();
        b.HeadBlock = 20_000_100;
        var time = new FakeTimeProvider(new DateTimeOffset(2025, 6, 1, 12, 0, 0, TimeSpan.Zero));
        using var http = new HttpClient { Timeout = TimeSpan.FromSeconds(2) };
        var source = new NodeMetricsSource(http, [a.MetricsUri, b.MetricsUri, new Uri("http://127.0.0.1:1/metrics")], time);

        var samples = await source.QueryAsync(query, time.GetUtcNow(), CancellationToken.None);

        Assert.Equal(series, samples.Count);
        if (series > 0) Assert.Equal(first, samples.OrderBy(s => s.Value).First().Value);
    }

    [Theory]
    [InlineData("rate(x[5m]) / 2")]
    [InlineData("histogram_quantile(0.9, x)")]
    [InlineData("sum by (job) (x)")]
    [InlineData("rate(x[5])")]
    public async Task UnsupportedQueries_AreMetricsQueryExceptions(string query)
    {
        using var http = new HttpClient();
        var source = new NodeMetricsSource(http, [], new FakeTimeProvider());

        var error = await Assert.ThrowsAsync<MetricsQueryException>(() => source.QueryAsync(query, DateTimeOffset.UnixEpoch, CancellationToken.None));
        Assert.Contains("cannot read query", error.Message);
    }

    [Fact]
    public async Task RangeQuery_EvaluatesAtEachStep()
    {
        await using var a = await SimulatedNode.StartAsync();
        var time = new FakeTimeProvider(new DateTimeOffset(2025, 6, 1, 12, 0, 0, TimeSpan.Zero));
        using var http = new HttpClient();
        var source = new NodeMetricsSource(http, [a.MetricsUri], time);
        var start = time.GetUtcNow();
        foreach (var requests in new[] { 0.0, 600, 1800 })
        {
            if (requests > 0) time.Advance(TimeSpan.FromSeconds(60));
            a.Requests = requests;
            await source.QueryAsync("up", time.GetUtcNow(), CancellationToken.None);
        }

        var series = await source.QueryRangeAsync("rate(rpc_requests[2m])", start, time.GetUtcNow(), TimeSpan.FromSeconds(60), CancellationToken.None);

        var points = Assert.Single(series).Points;
        // at +60 s: (600-0)/60; at +120 s the window (t-2m, t] excludes the first sample: (1800-600)/60
        Assert.Equal([10.0, 20.0], points.Select(p => p.Value));
    }
}
