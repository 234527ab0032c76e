namespace GitOpsFleet.Scripting.Metrics;

/// <summary>One value the run's observation holds about a node, as a series (<c>gitopsfleet_node_head_block{pool,node}</c>).</summary>
public sealed record ObservedMetric(string Name, IReadOnlyDictionary<string, string> Labels, double Value);
