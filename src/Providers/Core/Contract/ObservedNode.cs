using GitOpsFleet.Model;

namespace GitOpsFleet.Providers;

public enum NodeState
{
    /// <summary>Running and answering its health check.</summary>
    Running,
    /// <summary>Running but its health check fails.</summary>
    Unhealthy,
    /// <summary>The provider started it and it is gone (died, killed). A failure, not a change of intent.</summary>
    Dead,
}

/// <summary>
/// A node as the provider sees it. <see cref="Pool"/> is null when the node carries the fleet's
/// identity but no pool. <see cref="Managed"/> is false for a node the provider did not start
/// (started by hand). <see cref="ProviderDrift"/> holds differences only the provider can see
/// (an Ansible check-mode diff); any entry makes the node changed. <see cref="StateReason"/> says why a
/// node is not plainly running (e.g. "unreachable: Connection refused"), secrets removed. <see cref="Client"/> is what a
/// real client answered about itself (chain, head, sync), null for nodes that are not asked.
/// </summary>
public sealed record ObservedNode(
    string Provider,
    string Fleet,
    string? Pool,
    string Name,
    SoftwareSpec? Software,
    MachineSpec? Machine,
    IReadOnlyDictionary<string, string> Labels,
    NodeState State,
    bool Managed,
    int Capacity = 1,
    string? Address = null,
    string? ProviderId = null,
    DateTimeOffset? Since = null,
    IReadOnlyList<string>? ProviderDrift = null,
    string? StateReason = null,
    ClientFacts? Client = null);
