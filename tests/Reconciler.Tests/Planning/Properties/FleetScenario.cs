using System.Text;
using GitOpsFleet.Model;
using GitOpsFleet.Providers;
using GitOpsFleet.Reconciler.Planning;

namespace GitOpsFleet.Reconciler.Tests.Planning.Properties;

/// <summary>
/// One planner input drawn by <see cref="FleetGen"/>: a fleet with its replica counts already decided, what the
/// providers observed, the last-applied records, and what cannot be run here. Printed compactly, so a shrunk
/// counterexample reads as a small fleet.
/// </summary>
internal sealed record FleetScenario(
    FleetSpec Spec,
    IReadOnlyList<DesiredPool> Pools,
    IReadOnlyList<ObservedNode> Observed,
    IReadOnlyDictionary<string, NodeSpecRecord> Applied,
    IReadOnlyDictionary<string, string> Unavailable,
    IReadOnlyDictionary<string, string> Skipped)
{
    public DesiredFleet Desired => new(Spec, "c0ffee", Pools);

    /// <summary>Pools the run lays out: as the desired step does, none for an unavailable provider or a skipped pool.</summary>
    public IReadOnlyDictionary<string, IReadOnlyList<DesiredNode>> Layouts => Pools
        .Where(p => Runnable(p.Spec))
        .ToDictionary(p => p.Spec.Name, p => DesiredNode.Numbered(Spec.Name, p.Spec, p.Replicas), StringComparer.Ordinal);

    public bool Runnable(PoolSpec pool) => !Unavailable.ContainsKey(pool.Provider) && !Skipped.ContainsKey(pool.Name);

    public PlanInput Input => new(Desired, Layouts, Observed, Applied, Unavailable, Skipped);

    public FleetScenario After(IReadOnlyList<ObservedNode> observed, IReadOnlyDictionary<string, NodeSpecRecord> applied) =>
        this with { Observed = observed, Applied = applied };

    public override string ToString()
    {
        var sb = new StringBuilder();
        var r = Spec.Reconcile;
        sb.Append($"fleet prune={r.Prune} allowEmpty={r.AllowEmpty} maxDelete={r.MaxDeletePercent}% drift={Spec.Drift.Action}");
        if (Unavailable.Count > 0) sb.Append($" unavailable=[{string.Join(",", Unavailable.Keys)}]");
        if (Skipped.Count > 0) sb.Append($" skipped=[{string.Join(",", Skipped.Keys)}]");
        foreach (var p in Pools)
        {
            sb.Append($"\n  pool {p.Spec.Name} {p.Spec.Provider} {p.Spec.Replacement} {p.Spec.Software.Version} {Labels(p.Spec.Labels)} replicas {p.Replicas} in {p.Spec.Replicas.Min}..{p.Spec.Replicas.Max} ({p.ReplicaSource})");
        }
        foreach (var n in Observed)
        {
            sb.Append($"\n  node {n.Name} pool={n.Pool ?? "-"} {n.Provider} {n.State} {(n.Managed ? "managed" : "unknown")} {n.Software?.Version} {Labels(n.Labels)}");
            if (n.ProviderDrift is { Count: > 0 } d) sb.Append($" providerDrift={string.Join(";", d)}");
        }
        foreach (var (name, a) in Applied)
        {
            sb.Append($"\n  applied {name} {a.Version} {Labels(a.Labels)}{(a.ManualReplacement ? " manual" : "")}");
        }
        return sb.ToString();
    }

    private static string Labels(IReadOnlyDictionary<string, string> labels) => "{" + string.Join(",", labels.Select(l => $"{l.Key}={l.Value}")) + "}";
}
