using System.Net;
using GitOpsFleet.Scripting.Metrics;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Time.Testing;

namespace GitOpsFleet.Scripting.Tests.Metrics;

/// <summary>Against a Kestrel server that answers as the Prometheus HTTP API does (the real one is in RealPrometheusTests).</summary>
public sealed class PrometheusMetricsSourceTests
{
    private static readonly DateTimeOffset Now = new(2025, 6, 1, 12, 0, 0, TimeSpan.Zero);

    private static async Task<LoopbackServer> FakePrometheusAsync(List<string> seen)
    {
        return await LoopbackServer.StartAsync(async context =>
        {
            var request = context.Request;
            lock (seen) seen.Add(request.Path + request.QueryString);
            var query = request.Query["query"].ToString();
            context.Response.ContentType = "application/json";
            if (query == "slow")
            {
                // Too slow to answer: held until the client gives up, so the client's own query timeout decides.
                var abandoned = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
                using (context.RequestAborted.Register(() => abandoned.TrySetResult())) await abandoned.Task;
                return;
            }
            if (query.StartsWith("bad", StringComparison.Ordinal))
            {
                context.Response.StatusCode = 400;
                await context.Response.WriteAsync("""{"status":"error","errorType":"bad_data","error":"1:4: parse error: unexpected end of input"}""");
                return;
            }
            if (request.Path == "/api/v1/query" && query == "scalar(1)")
            {
                await context.Response.WriteAsync("""{"status":"success","data":{"resultType":"scalar","result":[1748779200,"1"]}}""");
                return;
            }
            if (request.Path == "/api/v1/query")
            {
                await context.Response.WriteAsync("""
                    {"status":"success","data":{"resultType":"vector","result":[
                      {"metric":{"instance":"10.0.0.1:6060","job":"geth"},"value":[1748779200,"120.5"]},
                      {"metric":{"instance":"10.0.0.2:6060","job":"geth"},"value":[1748779200,"79.5"]}]}}
                    """);
                return;
            }
            await context.Response.WriteAsync("""
                {"status":"success","data":{"resultType":"matrix","result":[
                  {"metric":{},"values":[[1748778900,"100"],[1748779050,"200"],[1748779200,"300"]]}]}}
                """);
        });
    }

    [Fact]
    public async Task Query_ParsesVectorAndSendsTime()
    {
        var seen = new List<string>();
        await using var server = await FakePrometheusAsync(seen);
        using var http = new HttpClient();
        var source = new PrometheusMetricsSource(http, server.Address);

        var samples = await source.QueryAsync("rate(rpc_requests[5m])", Now, CancellationToken.None);

        Assert.Equal([120.5, 79.5], samples.Select(s => s.Value));
        Assert.Equal("10.0.0.1:6060", samples[0].Label("instance"));
        Assert.Contains("/api/v1/query?query=rate%28rpc_requests%5B5m%5D%29&time=1748779200", seen.Single());
    }

    [Fact]
    public async Task Scripts_QueryAverageAndErrors_ThroughTheEngine()
    {
        var seen = new List<string>();
        await using var server = await FakePrometheusAsync(seen);
        using var http = new HttpClient();
        var source = new PrometheusMetricsSource(http, server.Address);
        using var engine = new ScalingScriptEngine(new ScalingScriptOptions { QueryTimeout = TimeSpan.FromMilliseconds(300) }, new FakeTimeProvider(Now));
        var script = """
            var total = Metrics.Query("sum(rate(rpc_requests[5m]))");   // two series: an error
            return 0;
            """;
        var tooMany = await engine.EvaluateAsync(new ScalingScriptRequest("s.csx", script, TestPools.Pool(), 3, source), CancellationToken.None);
        Assert.Equal("s.csx:1: metrics query failed: query 'sum(rate(rpc_requests[5m]))' returned 2 series; aggregate it (sum, avg, max, min) or use QueryAll", tooMany.Diagnostics.Single());

        script = """
            var avg = Metrics.Average("sum(rate(rpc_requests[5m]))", TimeSpan.FromMinutes(5));
            var one = Metrics.Query("scalar(1)");
            var errors = 0;
            try { Metrics.Query("bad("); } catch (MetricsQueryException e) { errors++; Log.Info(e.Message); }
            try { Metrics.Query("slow"); } catch (MetricsQueryException e) { errors++; Log.Info(e.Message); }
            return (int)(avg.Value / 100) + (int)one.Value + errors;
            """;
        var result = await engine.EvaluateAsync(new ScalingScriptRequest("s.csx", script, TestPools.Pool(max: 20), 3, source), CancellationToken.None);

        EvaluationAssert.Outcome(ScalingOutcome.Succeeded, result);
        Assert.Equal(2 + 1 + 2, result.Wanted);
        Assert.Contains("parse error: unexpected end of input", result.Log[0]);
        Assert.Contains("timed out after 0.3 s", result.Log[1]);
        Assert.Contains(seen, s => s.StartsWith("/api/v1/query_range?query=", StringComparison.Ordinal) && s.Contains("&start=1748778900&end=1748779200&step=5"));
    }

    [Fact]
    public async Task Query_Unreachable_IsAMetricsQueryException()
    {
        using var http = new HttpClient();
        var source = new PrometheusMetricsSource(http, new Uri("http://127.0.0.1:1/"));

        var error = await Assert.ThrowsAsync<MetricsQueryException>(() => source.QueryAsync("up", Now, CancellationToken.None));
        Assert.Contains("unreachable", error.Message);
    }
}
