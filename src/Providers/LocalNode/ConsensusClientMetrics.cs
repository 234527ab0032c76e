using System.Globalization;
using GitOpsFleet.Providers.Local;

namespace GitOpsFleet.Providers.LocalNode;

/// <summary>Consensus clients: lighthouse, prysm, teku, nimbus and lodestar, plus the validator client of a validator pool.</summary>
internal static class ConsensusClientMetrics
{
    public static void Write(PrometheusWriter w, NodeArguments args, ClientProfile profile, NodeSnapshot s, int peers, bool includeCpu = true)
    {
        var synced = s.HeadSlot >= s.ClockSlot;
        w.Gauge("beacon_head_slot", "Slot of the head block of the beacon chain.", s.HeadSlot);
        switch (profile.Name)
        {
            case "lighthouse":
                w.Gauge("beacon_head_state_slot", "Slot of the head state.", s.HeadSlot);
                w.Gauge("slotclock_present_slot", "The present wall-clock slot.", s.ClockSlot);
                w.Gauge("sync_eth2_synced", "Non-zero when the node is synced.", synced ? 1 : 0);
                w.Gauge("libp2p_peers", "Count of libp2p peers currently connected.", peers);
                if (IsValidator(args, out var keys))
                {
                    w.Gauge("vc_validators_enabled_count", "Number of enabled validators.", keys);
                    w.Gauge("vc_validators_total_count", "Number of known validators.", keys);
                }
                break;
            case "prysm":
                w.Gauge("beacon_clock_time_slot", "The current slot based on the genesis time and current clock.", s.ClockSlot);
                w.Family("p2p_peer_count", "gauge", "The number of peers in a given state.");
                w.Sample("p2p_peer_count", peers, ("state", "Connected"));
                w.Sample("p2p_peer_count", Math.Round(peers * 0.05), ("state", "Connecting"));
                w.Sample("p2p_peer_count", Math.Round(peers * 0.4), ("state", "Disconnected"));
                break;
            case "teku":
                w.Gauge("beacon_slot", "Latest slot recorded by the beacon chain.", s.ClockSlot);
                w.Gauge("beacon_peer_count", "Number of peers connected.", peers);
                break;
            default:
                w.Gauge("libp2p_peers", "Count of libp2p peers currently connected.", peers);
                break;
        }
        w.Gauge("eth_con_sync_head_slot", "The consensus client's head slot.", s.HeadSlot);
        w.Gauge("eth_con_sync_distance", "Slots between the clock and the head.", s.SyncDistanceSlots);
        w.Gauge("eth_con_sync_is_syncing", "1 if the consensus client is syncing.", synced ? 0 : 1);
        if (includeCpu) NodeMetrics.ProcessCpu(w, s);
    }

    private static bool IsValidator(NodeArguments args, out int keys)
    {
        keys = 0;
        if (!args.Labels.TryGetValue("role", out var role) || role != "validator") return false;
        keys = args.Labels.TryGetValue("validators", out var n) && int.TryParse(n, NumberStyles.None, CultureInfo.InvariantCulture, out var count) ? count : 8;
        return true;
    }
}
