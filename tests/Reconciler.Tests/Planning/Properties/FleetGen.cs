using CsCheck;
using GitOpsFleet.Model;
using GitOpsFleet.Providers;
using GitOpsFleet.Reconciler.Planning;
using static GitOpsFleet.Reconciler.Tests.Support.Fleets;

namespace GitOpsFleet.Reconciler.Tests.Planning.Properties;

/// <summary>
/// Generators of planner inputs. Each draws small integers ("rolls") and builds the fleet from them, so CsCheck
/// shrinks towards rolls of zero: few pools, few nodes, and the common case (running, managed, as Git says).
/// </summary>
internal static class FleetGen
{
    public const string GonePool = "old";
    private static readonly string[] PoolNames = ["a", "b", "c", "d"];
    private static readonly string[] Providers = ["local", "azure", "ansible"];

    /// <summary>State, managed, version drift, label drift, provider drift, last-applied record: a zero means the usual.</summary>
    internal readonly record struct NodeDraft(int State, int Unknown, int Version, int Label, int ProviderDrift, int Record);

    internal readonly record struct PoolDraft(int Min, int Extra, int Provider, int Manual, int Version, int Label, bool Scripted, int Script, NodeDraft[] Nodes);

    internal readonly record struct StrayDraft(int Pool, int Index, bool PoolNamed, int State);

    private static readonly Gen<NodeDraft> Node = Gen.Select(Gen.Int[0, 8], Gen.Int[0, 9], Gen.Int[0, 3], Gen.Int[0, 5], Gen.Int[0, 9], Gen.Int[0, 3],
        (s, u, v, l, p, r) => new NodeDraft(s, u, v, l, p, r));

    private static readonly Gen<PoolDraft> Pool = Gen.Select(Gen.Int[0, 3], Gen.Int[0, 3], Gen.Int[0, 2], Gen.Int[0, 3], Gen.Int[0, 1], Gen.Int[0, 1], Gen.Bool, Gen.Int[-2, 8], Node.Array[0, 6],
        (min, extra, provider, manual, version, label, scripted, script, nodes) => new PoolDraft(min, extra, provider, manual, version, label, scripted, script, nodes));

    private static readonly Gen<StrayDraft> Stray = Gen.Select(Gen.Int[0, 5], Gen.Int[0, 7], Gen.Bool, Gen.Int[0, 8], (p, i, named, s) => new StrayDraft(p, i, named, s));

    /// <summary>Fleets of up to four pools (and nodes of a pool no longer in Git, and hand-started nodes), with every setting the planner reads.</summary>
    public static readonly Gen<FleetScenario> Scenario = Gen.Select(
        Pool.Array[0, 4], Node.Array[0, 3], Stray.Array[0, 2], Gen.Int[0, 9], Gen.Int[0, 9], Gen.Bool, Gen.Int[0, 3], Gen.Int[0, 2], Gen.Bool,
        Build);

    private static FleetScenario Build(PoolDraft[] drafts, NodeDraft[] gone, StrayDraft[] strays, int unavailableRoll, int skippedRoll, bool noPrune, int allowEmptyRoll, int drift, bool strictDeletes)
    {
        var pools = drafts.Select((d, i) => PoolOf(PoolNames[i], d)).ToList();
        var spec = Fleet("f", pools, prune: !noPrune, allowEmpty: allowEmptyRoll == 3, drift: (DriftAction)drift);
        spec = spec with { Reconcile = spec.Reconcile with { MaxDeletePercent = strictDeletes ? ReconcileSettings.DefaultMaxDeletePercent : 100 } };
        var desired = pools.Select((p, i) => drafts[i].Scripted
            ? new DesiredPool(p, Math.Clamp(drafts[i].Script, p.Replicas.Min, p.Replicas.Max), $"{p.Scaling!.Script} -> {drafts[i].Script}")
            : new DesiredPool(p, p.Replicas.Min, "replicas.min")).ToList();

        var observed = new List<ObservedNode>();
        var applied = new Dictionary<string, NodeSpecRecord>(StringComparer.Ordinal);
        for (var i = 0; i < pools.Count; i++)
        {
            for (var n = 0; n < drafts[i].Nodes.Length; n++) Add(spec, pools[i], $"{pools[i].Name}-{n}", drafts[i].Nodes[n], observed, applied);
        }
        var old = PoolOf(GonePool, new PoolDraft(0, 0, 0, 0, 0, 0, false, 0, []));
        for (var n = 0; n < gone.Length; n++) Add(spec, old, $"{GonePool}-{n}", gone[n] with { Record = Math.Min(gone[n].Record, 1) }, observed, applied);
        foreach (var s in strays)
        {
            var pool = s.Pool < pools.Count ? pools[s.Pool] : s.Pool == 5 ? old : null;
            var name = s.PoolNamed && pool is not null ? $"{pool.Name}-{s.Index}" : $"stray-{s.Index}";
            var template = pool ?? old;
            observed.Add(new ObservedNode(template.Provider, spec.Name, pool?.Name, name, template.Software, template.Machine, template.Labels, StateOf(s.State), Managed: false));
        }

        var unavailable = unavailableRoll < Providers.Length
            ? new Dictionary<string, string>(StringComparer.Ordinal) { [Providers[unavailableRoll]] = "cannot be observed" }
            : new Dictionary<string, string>(StringComparer.Ordinal);
        var skipped = skippedRoll < pools.Count
            ? new Dictionary<string, string>(StringComparer.Ordinal) { [pools[skippedRoll].Name] = "client not installed" }
            : new Dictionary<string, string>(StringComparer.Ordinal);
        return new FleetScenario(spec, desired, observed, applied, unavailable, skipped);
    }

    private static PoolSpec PoolOf(string name, PoolDraft d) =>
        new(name, new Dictionary<string, string> { ["tier"] = d.Label == 0 ? "x" : "y" }, Providers[d.Provider], null, new MachineSpec("small", null),
            new SoftwareSpec("geth", d.Version == 0 ? "1.0" : "2.0"), new ReplicaRange(d.Min, d.Min + d.Extra),
            d.Scripted ? new ScalingSpec($"scaling/{name}.csx", TimeSpan.FromMinutes(1)) : null, NetworkSpec.Default, StorageSpec.Default,
            d.Manual == 3 ? ReplacementPolicy.Manual : ReplacementPolicy.Auto, null, $"pools/{name}.yaml");

    private static NodeState StateOf(int roll) => roll switch { <= 5 => NodeState.Running, 6 => NodeState.Unhealthy, _ => NodeState.Dead };

    private static void Add(FleetSpec spec, PoolSpec pool, string name, NodeDraft d, List<ObservedNode> observed, Dictionary<string, NodeSpecRecord> applied)
    {
        var otherVersion = pool.Software.Version == "1.0" ? "2.0" : "1.0";
        var labels = d.Label switch
        {
            1 => new Dictionary<string, string>(pool.Labels) { ["tier"] = pool.Labels["tier"] == "x" ? "y" : "x" },
            2 => new Dictionary<string, string>(pool.Labels) { ["owner"] = "bob" },
            _ => pool.Labels,
        };
        var node = new ObservedNode(pool.Provider, spec.Name, pool.Name, name, pool.Software with { Version = d.Version == 1 ? otherVersion : pool.Software.Version },
            pool.Machine, labels, StateOf(d.State), Managed: d.Unknown != 9, ProviderDrift: d.ProviderDrift == 9 ? ["playbook would change /etc/geth.toml"] : null);
        observed.Add(node);
        if (!node.Managed) return;
        var git = NodeSpecRecord.Of(DesiredNode.Numbered(spec.Name, pool, 1)[0]) with { ManualReplacement = pool.Replacement == ReplacementPolicy.Manual };
        var record = d.Record switch
        {
            1 => NodeSpecRecord.Of(node) with { ManualReplacement = git.ManualReplacement },
            2 => git,
            3 => git with { Version = otherVersion },
            _ => null,
        };
        if (record is not null) applied[name] = record;
    }
}
