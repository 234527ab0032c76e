using GitOpsFleet.Providers;
using GitOpsFleet.Scripting.Metrics;

namespace GitOpsFleet.Reconciler.Pipeline;

/// <summary>
/// A pool's observed nodes as the <c>gitopsfleet_node_*</c> series scaling scripts read through <c>Metrics</c>, each
/// labelled <c>pool</c>, <c>node</c> and, where the node has an address, <c>instance</c> (as its own /metrics is).
/// A client fact the client did not give has no series.
/// </summary>
internal static class ObservedNodeMetrics
{
    public static IReadOnlyList<ObservedMetric> Of(string pool, IReadOnlyList<ObservedNode> observed)
    {
        var metrics = new List<ObservedMetric>();
        foreach (var node in observed.Where(n => n.Pool == pool))
        {
            var labels = new Dictionary<string, string>(StringComparer.Ordinal) { ["pool"] = pool, ["node"] = node.Name };
            if (Uri.TryCreate(node.Address, UriKind.Absolute, out var address)) labels["instance"] = address.IsDefaultPort ? address.Host : $"{address.Host}:{address.Port}";
            void Add(string name, double? value)
            {
                if (value is { } v) metrics.Add(new ObservedMetric(ObservedMetricsSource.Prefix + name, labels, v));
            }
            Add("healthy", node.State == NodeState.Running ? 1 : 0);
            if (node.Client is not { } client) continue;
            Add("head_block", client.Head);
            Add("chain_id", client.ChainId);
            Add("syncing", client.Syncing is { } syncing ? syncing ? 1 : 0 : null);
            Add("peers", client.Peers);
            if (client.Version is { } version)
            {
                metrics.Add(new ObservedMetric(ObservedMetricsSource.Prefix + "client_info",
                    new Dictionary<string, string>(labels, StringComparer.Ordinal) { ["client"] = version }, 1));
            }
        }
        return metrics;
    }
}
