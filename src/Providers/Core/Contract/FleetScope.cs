using GitOpsFleet.Model;

namespace GitOpsFleet.Providers;

/// <summary>
/// What a provider is told about the fleet of one run. <see cref="SnapshotDirectory"/> is a read-only
/// export of the commit's files (playbooks, inventories), never a work tree a person edits.
/// <see cref="Pools"/> are the desired pools of this provider; nodes of other pools may still be observed.
/// </summary>
public sealed record FleetScope(
    string Fleet,
    string Commit,
    string? SnapshotDirectory,
    FleetSpec? Spec,
    IReadOnlyList<PoolSpec> Pools);
