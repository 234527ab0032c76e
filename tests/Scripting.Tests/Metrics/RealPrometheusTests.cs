using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using GitOpsFleet.Scripting.Metrics;

namespace GitOpsFleet.Scripting.Tests.Metrics;

/// <summary>Debian's prometheus package, started on a loopback port, scraping two geth-like nodes served by the test.</summary>
public sealed class RealPrometheusTests
{
    private const string Binary = "/usr/bin/prometheus";

    [Fact]
    public async Task Script_QueriesRealPrometheus_ScrapingLocalNodes()
    {
        Assert.True(File.Exists(Binary), $"{Binary} is missing: install Debian's prometheus package (apt-get install -y prometheus) to run this test");
        await using var a = await SimulatedNode.StartAsync();
        await using var b = await SimulatedNode.StartAsync();
        a.RealTimeRate = 40;
        b.RealTimeRate = 60;
        var directory = Directory.CreateTempSubdirectory("gitopsfleet-prometheus-").FullName;
        var port = FreePort();
        var config = Path.Combine(directory, "prometheus.yml");
        await File.WriteAllTextAsync(config, $"""
            global:
              scrape_interval: 1s
              evaluation_interval: 1s
            scrape_configs:
              - job_name: geth
                metrics_path: /debug/metrics/prometheus
                static_configs:
                  - targets: ['{a.MetricsUri.Authority}', '{b.MetricsUri.Authority}']
            """);
        var start = new ProcessStartInfo(Binary)
        {
            RedirectStandardError = true,
            RedirectStandardOutput = true,
            ArgumentList = { $"--config.file={config}", $"--storage.tsdb.path={Path.Combine(directory, "data")}", $"--web.listen-address=127.0.0.1:{port}" },
        };
        using var prometheus = Process.Start(start)!;
        var stderr = new System.Text.StringBuilder();
        prometheus.ErrorDataReceived += (_, e) => { lock (stderr) stderr.AppendLine(e.Data); };
        prometheus.BeginErrorReadLine();
        prometheus.BeginOutputReadLine();
        try
        {
            using var http = new HttpClient { Timeout = TimeSpan.FromSeconds(5) };
            var source = new PrometheusMetricsSource(http, new Uri($"http://127.0.0.1:{port}"));
            // rate() divides by the whole window, so wait until both series fill the 10 s window the script reads.
            await Eventually.ValueAsync(async () =>
            {
                Assert.False(prometheus.HasExited, "prometheus exited: " + stderr);
                try
                {
                    var samples = await source.QueryAsync("count_over_time(rpc_requests[10s])", DateTimeOffset.UtcNow, CancellationToken.None);
                    return samples.Count == 2 && samples.All(s => s.Value >= 10);
                }
                catch (MetricsQueryException)
                {
                    return false; // not listening yet
                }
            }, filled => filled, TimeSpan.FromSeconds(60), _ => "prometheus had no rate of rpc_requests: " + stderr);

            using var engine = new ScalingScriptEngine(new ScalingScriptOptions(), TimeProvider.System);
            var script = """
                var total = Metrics.Query("sum(rate(rpc_requests[10s]))");
                var nodes = Metrics.QueryAll("up{job=\"geth\"}");
                var avg = Metrics.Average("sum(rate(rpc_requests[10s]))", TimeSpan.FromSeconds(4));
                Log.Info($"total {total:F1} req/s over {nodes.Count} nodes, average {avg:F1}");
                return (int)Math.Round(total.Value / 10) + nodes.Count * 100 + (avg is null ? 1000 : 0);
                """;
            var result = await engine.EvaluateAsync(new ScalingScriptRequest("real.csx", script, TestPools.Pool(max: 1000), 3, source), CancellationToken.None);

            EvaluationAssert.Outcome(ScalingOutcome.Succeeded, result);
            // 40 + 60 req/s read back through Prometheus' rate(): about 10 (scrapes on a busy 2-core machine jitter), plus 2 nodes up.
            Assert.InRange(result.Wanted!.Value, 200 + 5, 200 + 15);
            Assert.Equal(3, result.Inputs.Queries.Count);
            Assert.All(result.Inputs.Queries, q => Assert.Null(q.Error));
        }
        finally
        {
            prometheus.Kill(entireProcessTree: true);
            await prometheus.WaitForExitAsync();
            Directory.Delete(directory, recursive: true);
        }
    }

    private static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }
}
