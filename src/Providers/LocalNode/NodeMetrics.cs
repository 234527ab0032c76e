using GitOpsFleet.Providers.Local;

namespace GitOpsFleet.Providers.LocalNode;

/// <summary>
/// A node's /metrics with the real names, types and units of the client it pretends to be, so a
/// scaling script written against the simulation moves to real nodes unchanged. Client-neutral
/// sync metrics (as ethPandaOps' exporter serves them) come with every chain client.
/// </summary>
internal static class NodeMetrics
{
    public static string Render(NodeArguments args, ClientProfile profile, ClientProfile? consensus, NodeSnapshot s)
    {
        var w = new PrometheusWriter();
        w.Gauge("gitopsfleet_node_info", "The simulated node's identity.", 1,
            ("fleet", args.Fleet), ("pool", args.Pool), ("node", args.Name), ("software", args.Software.Name), ("version", args.Software.Version));

        switch (profile.Kind)
        {
            case ClientKind.Execution: ExecutionClientMetrics.Write(w, profile, s); break;
            case ClientKind.Consensus: ConsensusClientMetrics.Write(w, args, profile, s, s.Peers); break;
            case ClientKind.Ipfs: ServiceMetrics.WriteKubo(w, args, s); break;
            case ClientKind.Gateway: ServiceMetrics.WriteErpc(w, s); break;
            default: ProcessCpu(w, s); break;
        }

        // An EL/CL pair runs its consensus client beside the execution client.
        if (consensus is { Kind: ClientKind.Consensus } && profile.Kind == ClientKind.Execution)
        {
            var peers = (int)Math.Round(consensus.PeerTarget * (0.9 + 0.06 * s.Wave));
            ConsensusClientMetrics.Write(w, args, consensus, s, peers, includeCpu: false);
        }
        return w.ToString();
    }

    /// <summary>Most clients and Kubo export the standard process collector's CPU counter; geth exports system_cpu_procload instead.</summary>
    public static void ProcessCpu(PrometheusWriter w, NodeSnapshot s) =>
        w.Counter("process_cpu_seconds_total", "Total user and system CPU time spent in seconds.", Math.Round(s.CpuSeconds, 2));
}
