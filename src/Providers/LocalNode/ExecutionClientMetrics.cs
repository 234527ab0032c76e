namespace GitOpsFleet.Providers.LocalNode;

/// <summary>Execution clients: geth (and erigon, which kept geth's names), nethermind, besu, reth.</summary>
internal static class ExecutionClientMetrics
{
    // geth's summaries are written with these quantiles, in nanoseconds.
    private static readonly double[] GethQuantiles = [0.5, 0.75, 0.95, 0.99, 0.999, 0.9999];

    public static void Write(PrometheusWriter w, ClientProfile profile, NodeSnapshot s)
    {
        switch (profile.Name)
        {
            case "geth":
            case "erigon":
                WriteGeth(w, profile, s);
                break;
            case "nethermind":
                WriteEip2159(w, s);
                w.Gauge("nethermind_blocks", "Number of blocks processed.", s.CurrentBlock);
                w.Gauge("nethermind_sync_peers", "Number of sync peers.", s.Peers);
                w.Counter("nethermind_json_rpc_requests", "Number of JSON RPC requests.", Math.Floor(s.Requests));
                w.Counter("nethermind_json_rpc_successes", "Number of JSON RPC requests processed successfully.", Math.Floor(s.Successes));
                w.Counter("nethermind_json_rpc_errors", "Number of JSON RPC requests processed with errors.", Math.Floor(s.Failures));
                NodeMetrics.ProcessCpu(w, s);
                break;
            case "besu":
                WriteEip2159(w, s);
                w.Gauge("ethereum_peer_count", "Current number of peers connected.", s.Peers);
                NodeMetrics.ProcessCpu(w, s);
                break;
            default:
                NodeMetrics.ProcessCpu(w, s);
                break;
        }
        WriteNeutral(w, s);
    }

    private static void WriteGeth(PrometheusWriter w, ClientProfile profile, NodeSnapshot s)
    {
        w.Gauge("chain_head_block", "Current head block of the canonical chain.", s.CurrentBlock);
        w.Gauge("chain_head_header", "Current head header of the canonical chain.", s.HighestBlock);
        // Finality trails the head by about two epochs.
        w.Gauge("chain_head_finalized", "Current finalized block.", Math.Max(0, s.CurrentBlock - 2 * ChainClock.SlotsPerEpoch));
        w.Gauge("p2p_peers", "Number of connected peers.", s.Peers);
        w.Gauge("txpool_pending", "Pending transactions in the pool.", Math.Round(4000 + 1500 * s.Wave));
        // geth writes these cumulative meters as gauges.
        w.Gauge("rpc_requests", "Total RPC requests.", Math.Floor(s.Requests));
        w.Gauge("rpc_success", "Total successful RPC requests.", Math.Floor(s.Successes));
        w.Gauge("rpc_failure", "Total failed RPC requests.", Math.Floor(s.Failures));
        var meanNs = s.MeanLatencyMs * 1_000_000;
        w.Summary("rpc_duration_all", "RPC request duration in nanoseconds.", meanNs, s.Requests, GethQuantiles);
        w.Summary("rpc_duration_eth_call_success", "eth_call duration in nanoseconds.", meanNs * 1.6, s.Successes * 0.4, GethQuantiles);
        w.Summary("rpc_duration_eth_getBlockByNumber_success", "eth_getBlockByNumber duration in nanoseconds.", meanNs * 0.7, s.Successes * 0.3, GethQuantiles);
        if (profile.Name == "geth")
        {
            w.Gauge("system_cpu_procload", "CPU load of the process, in percent.", Math.Round(s.CpuFraction * 100, 1));
        }
        else
        {
            NodeMetrics.ProcessCpu(w, s);
        }
    }

    /// <summary>The gauges of EIP-2159, shared by nethermind and besu.</summary>
    private static void WriteEip2159(PrometheusWriter w, NodeSnapshot s)
    {
        w.Gauge("ethereum_blockchain_height", "The current height of the canonical chain.", s.CurrentBlock);
        w.Gauge("ethereum_best_known_block_number", "The estimated highest block available.", s.HighestBlock);
    }

    private static void WriteNeutral(PrometheusWriter w, NodeSnapshot s)
    {
        w.Gauge("eth_exe_sync_is_syncing", "1 if the execution client is syncing.", s.CurrentBlock < s.HighestBlock ? 1 : 0);
        w.Gauge("eth_exe_sync_current_block", "The execution client's current block.", s.CurrentBlock);
        w.Gauge("eth_exe_sync_highest_block", "The highest block the execution client knows of.", s.HighestBlock);
        w.Gauge("eth_exe_net_peer_count", "The execution client's peer count.", s.Peers);
    }
}
