using System.Text;
using BenchmarkDotNet.Attributes;
using GitOpsFleet.Scripting;
using GitOpsFleet.Scripting.Metrics;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace GitOpsFleet.Bench.Scripting;

/// <summary>
/// Target: 1,000 pools with scripts evaluate in one run in under 1 s on 2 cores, metrics served locally: every query
/// is a real HTTP request to a Prometheus-API server on loopback (Kestrel, answering fixed vectors).
/// </summary>
[SimpleJob(launchCount: 1, warmupCount: 2, iterationCount: 8)]
public class ThousandPoolsBenchmark
{
    private const int Pools = 1000;
    private WebApplication _server = null!;
    private HttpClient _http = null!;
    private ScalingScriptEngine _engine = null!;
    private ScalingScriptRequest[] _requests = null!;

    [GlobalSetup]
    public void Setup()
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.Logging.ClearProviders();
        builder.WebHost.UseUrls("http://127.0.0.1:0");
        _server = builder.Build();
        var vector = Encoding.UTF8.GetBytes("""
            {"status":"success","data":{"resultType":"vector","result":[{"metric":{"instance":"10.0.0.1:6060"},"value":[1748779200,"900"]}]}}
            """);
        _server.Run(context =>
        {
            context.Response.ContentType = "application/json";
            return context.Response.Body.WriteAsync(vector).AsTask();
        });
        _server.StartAsync().GetAwaiter().GetResult();
        var address = _server.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First();

        _http = new HttpClient();
        var source = new PrometheusMetricsSource(_http, new Uri(address));
        _engine = new ScalingScriptEngine(new ScalingScriptOptions { Workers = 4 }, TimeProvider.System);
        // Pools share a handful of scripts, as fleets do (one script per kind of pool).
        _requests = Enumerable.Range(0, Pools)
            .Select(i => new ScalingScriptRequest($"scaling/s{i % 8}.csx", BenchPools.Script + $"\n// kind {i % 8}", BenchPools.Pool($"pool-{i}"), 3, source))
            .ToArray();
        Run();
    }

    [GlobalCleanup]
    public void Cleanup()
    {
        _engine.Dispose();
        _http.Dispose();
        _server.StopAsync().GetAwaiter().GetResult();
    }

    [Benchmark]
    public int Run()
    {
        var results = Task.WhenAll(_requests.Select(r => _engine.EvaluateAsync(r, CancellationToken.None))).GetAwaiter().GetResult();
        var failed = results.Count(r => !r.Succeeded);
        if (failed > 0) throw new InvalidOperationException($"{failed} evaluations failed: {results.First(r => !r.Succeeded).Diagnostics[0]}");
        return results.Length;
    }
}
