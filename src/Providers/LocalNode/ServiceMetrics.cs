using GitOpsFleet.Providers.Local;

namespace GitOpsFleet.Providers.LocalNode;

/// <summary>Services in front of or beside the chain: Kubo (IPFS) and the eRPC gateway.</summary>
internal static class ServiceMetrics
{
    private static readonly double[] SecondsBuckets = [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10];

    public static void WriteKubo(PrometheusWriter w, NodeArguments args, NodeSnapshot s)
    {
        w.Family("ipfs_info", "gauge", "IPFS version information.");
        w.Sample("ipfs_info", 1, ("version", args.Software.Version.TrimStart('v')), ("commit", ""));
        w.Family("ipfs_p2p_peers_total", "gauge", "Number of connected peers.");
        w.Sample("ipfs_p2p_peers_total", Math.Round(s.Peers * 0.55), ("transport", "/ip4/udp/quic-v1"));
        w.Sample("ipfs_p2p_peers_total", Math.Round(s.Peers * 0.35), ("transport", "/ip4/tcp"));
        w.Sample("ipfs_p2p_peers_total", Math.Round(s.Peers * 0.10), ("transport", "/ip6/udp/quic-v1"));
        w.Family("ipfs_http_gw_responses_total", "counter", "Total HTTP responses of the gateway, by status code.");
        w.Sample("ipfs_http_gw_responses_total", Math.Floor(s.Successes), ("code", "200"));
        w.Sample("ipfs_http_gw_responses_total", Math.Floor(s.Failures), ("code", "504"));
        w.Gauge("ipfs_http_gw_concurrent_requests", "Number of requests the gateway is serving.", Math.Round(s.Concurrent));
        w.Histogram("http_server_request_duration_seconds", "Duration of HTTP server requests.", s.MeanLatencyMs / 1000, s.Requests, SecondsBuckets);
        NodeMetrics.ProcessCpu(w, s);
    }

    public static void WriteErpc(PrometheusWriter w, NodeSnapshot s)
    {
        (string Key, string Value)[] network = [("project", "main"), ("network", "evm:1")];
        w.Family("erpc_network_request_received_total", "counter", "Total requests received by the network.");
        w.Sample("erpc_network_request_received_total", Math.Floor(s.Requests * 0.6), [.. network, ("category", "eth_call")]);
        w.Sample("erpc_network_request_received_total", Math.Floor(s.Requests * 0.4), [.. network, ("category", "eth_getBlockByNumber")]);
        w.Histogram("erpc_network_request_duration_seconds", "Duration of requests served by the network.", s.MeanLatencyMs / 1000, s.Requests, SecondsBuckets, network);
        w.Family("erpc_upstream_block_head_lag", "gauge", "Blocks an upstream trails the best head.");
        for (var i = 0; i < 3; i++)
        {
            var lag = Math.Max(0, Math.Round((s.Wave + 1) * i / 2));
            w.Sample("erpc_upstream_block_head_lag", lag, [.. network, ("vendor", "self-hosted"), ("upstream", $"rpc-{i}")]);
        }
        NodeMetrics.ProcessCpu(w, s);
    }
}
