using System.Text.Json;

namespace GitOpsFleet.Model;

/// <summary>One pool of identical nodes (kind NodePool).</summary>
public sealed record PoolSpec(
    string Name,
    IReadOnlyDictionary<string, string> Labels,
    string Provider,
    string? Region,
    MachineSpec Machine,
    SoftwareSpec Software,
    ReplicaRange Replicas,
    ScalingSpec? Scaling,
    NetworkSpec Network,
    StorageSpec Storage,
    ReplacementPolicy Replacement,
    AnsibleSpec? Ansible,
    string SourcePath);

public sealed record MachineSpec(string? Size, string? Image);

/// <summary>The client a pool runs, e.g. geth 1.14.12. <see cref="Consensus"/> names the paired consensus client of an EL/CL pool.</summary>
public sealed record SoftwareSpec(string Name, string Version, SoftwareSpec? Consensus = null);

/// <summary>Replica bounds. Without a scaling script the pool runs <see cref="Min"/> nodes.</summary>
public sealed record ReplicaRange(int Min, int Max);

public sealed record ScalingSpec(string Script, TimeSpan Every);

public sealed record NetworkSpec(IReadOnlyList<int> PublicIngress, string Ssh)
{
    public static NetworkSpec Default { get; } = new(Array.Empty<int>(), "private");
}

public sealed record StorageSpec(int? SizeGiB, bool Encrypted)
{
    public static StorageSpec Default { get; } = new(null, false);
}

/// <summary>Manual replacement is for validators: a missing node waits for a person instead of being started again.</summary>
public enum ReplacementPolicy { Auto, Manual }

/// <summary>Bare-metal pools: paths are inside the fleet repository. <see cref="Vars"/> is passed to the playbook as JSON extra vars.</summary>
public sealed record AnsibleSpec(string Inventory, string Group, string Playbook, JsonElement? Vars);
