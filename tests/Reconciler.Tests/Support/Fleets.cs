using GitOpsFleet.Providers;
using GitOpsFleet.Model;

namespace GitOpsFleet.Reconciler.Tests.Support;

/// <summary>Small fleets and nodes built in code for planner tests.</summary>
internal static class Fleets
{
    public static PoolSpec Pool(string name, int min, int max = -1, string version = "1.16.7", string provider = "local", ReplacementPolicy replacement = ReplacementPolicy.Auto) =>
        new(name, new Dictionary<string, string> { ["role"] = "rpc" }, provider, null, new MachineSpec("small", null),
            new SoftwareSpec("geth", version), new ReplicaRange(min, max < 0 ? min : max), null, NetworkSpec.Default,
            StorageSpec.Default, replacement, null, $"pools/{name}.yaml");

    public static FleetSpec Fleet(string name, IReadOnlyList<PoolSpec> pools, bool prune = true, bool allowEmpty = false, DriftAction drift = DriftAction.PullRequest) =>
        new(name, new Dictionary<string, string>(), ReconcileSettings.Default with { Prune = prune, AllowEmpty = allowEmpty },
            new DriftSettings(drift), PolicySettings.Default, null, ForgeSettings.Default, null, pools);

    public static DesiredFleet Desired(FleetSpec fleet) =>
        new(fleet, "c0ffee", fleet.Pools.Select(p => new DesiredPool(p, p.Replicas.Min, "replicas.min")).ToList());

    public static ObservedNode Node(string fleet, string pool, string name, string version = "1.16.7", NodeState state = NodeState.Running, bool managed = true) =>
        new("local", fleet, pool, name, new SoftwareSpec("geth", version), new MachineSpec("small", null),
            new Dictionary<string, string> { ["role"] = "rpc" }, state, managed);
}
