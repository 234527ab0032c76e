using GitOpsFleet.Scripting.Metrics;
using Microsoft.Extensions.Time.Testing;

namespace GitOpsFleet.Scripting.Tests;

/// <summary>The sample fleet's samples/fleet-repo/scaling/rpc-autoscale.csx, against geth-like nodes read through their own /metrics.</summary>
public sealed class SampleScriptTests
{
    private static readonly string Source = File.ReadAllText(Path.Combine(AppContext.BaseDirectory, "samples", "rpc-autoscale.csx"));

    [Fact]
    public async Task Sample_PassesTheSandbox()
    {
        using var engine = new ScalingScriptEngine(new ScalingScriptOptions(), TimeProvider.System);
        Assert.Empty(await engine.CheckAsync("scaling/rpc-autoscale.csx", Source, CancellationToken.None));
    }

    [Fact]
    public async Task Sample_ScalesOutEarly_AndInSlowly()
    {
        var nodes = new List<SimulatedNode>();
        for (var i = 0; i < 5; i++) nodes.Add(await SimulatedNode.StartAsync());
        try
        {
            var time = new FakeTimeProvider(new DateTimeOffset(2025, 6, 1, 12, 0, 0, TimeSpan.Zero));
            using var http = new HttpClient();
            var source = new NodeMetricsSource(http, nodes.Select(n => n.MetricsUri).ToList(), time);
            using var engine = new ScalingScriptEngine(new ScalingScriptOptions(), time);
            async Task<ScalingEvaluation> Evaluate(int current, double requestsPerNodePerSecond)
            {
                time.Advance(TimeSpan.FromMinutes(1));
                foreach (var node in nodes) node.Requests += requestsPerNodePerSecond * 60;
                var result = await engine.EvaluateAsync(new ScalingScriptRequest("scaling/rpc-autoscale.csx", Source, TestPools.Pool(min: 1, max: 12), current, source), CancellationToken.None);
                EvaluationAssert.Outcome(ScalingOutcome.Succeeded, result);
                return result;
            }

            var first = await Evaluate(5, 0);
            Assert.Equal(5, first.Replicas); // one scrape: no rate yet, so hold
            Assert.Contains("no rpc_requests samples", first.Log.Single());

            var busy = await Evaluate(5, 200); // 1,000 req/s over 5 nodes: 7 nodes at target plus a warm spare
            Assert.Equal(8, busy.Replicas);

            // Idle: once the 5-minute rate window holds only quiet samples, one node fewer per evaluation, not straight to the minimum.
            ScalingEvaluation quiet = null!;
            for (var i = 0; i < 5; i++) quiet = await Evaluate(5, 5);
            Assert.Equal(4, quiet.Replicas);

            nodes[2].HeadBlock -= 5000; // a syncing node: do not scale in while it catches up
            var syncing = await Evaluate(5, 5);
            Assert.Equal(5, syncing.Replicas);
            Assert.Contains("4/5 synced", syncing.Log.Single());

            var overload = await Evaluate(5, 4000); // far above max: clamped and reported
            Assert.Equal(12, overload.Replicas);
            Assert.True(overload.Clamped);
        }
        finally
        {
            foreach (var node in nodes) await node.DisposeAsync();
        }
    }
}
