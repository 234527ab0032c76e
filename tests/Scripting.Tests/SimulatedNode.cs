using System.Globalization;
using Microsoft.AspNetCore.Http;

namespace GitOpsFleet.Scripting.Tests;

/// <summary>A geth-like /metrics page whose counters the test moves (names and types as geth writes them).</summary>
internal sealed class SimulatedNode : IAsyncDisposable
{
    private LoopbackServer _server = null!;

    private readonly long _started = System.Diagnostics.Stopwatch.GetTimestamp();

    public double Requests { get; set; }

    /// <summary>When set, the counter grows in real time at this many requests per second (for a real Prometheus to rate).</summary>
    public double? RealTimeRate { get; set; }

    public double Failures { get; set; }

    public double HeadBlock { get; set; } = 20_000_000;

    public Uri MetricsUri => new(_server.Address, "debug/metrics/prometheus");

    public static async Task<SimulatedNode> StartAsync()
    {
        var node = new SimulatedNode();
        node._server = await LoopbackServer.StartAsync(node.ServeAsync);
        return node;
    }

    private Task ServeAsync(HttpContext context)
    {
        context.Response.ContentType = "text/plain; version=0.0.4";
        if (RealTimeRate is { } rate) Requests = Math.Floor(rate * System.Diagnostics.Stopwatch.GetElapsedTime(_started).TotalSeconds);
        var text = string.Create(CultureInfo.InvariantCulture, $$"""
            # TYPE chain_head_block gauge
            chain_head_block {{HeadBlock}}
            # TYPE rpc_requests gauge
            rpc_requests {{Requests}}
            # TYPE rpc_failure gauge
            rpc_failure {{Failures}}
            # TYPE rpc_duration_all summary
            rpc_duration_all{quantile="0.5"} 120000
            rpc_duration_all_count {{Requests}}
            # TYPE p2p_peers gauge
            p2p_peers 50

            """);
        return context.Response.WriteAsync(text);
    }

    public ValueTask DisposeAsync() => _server.DisposeAsync();
}
