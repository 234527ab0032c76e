using GitOpsFleet.Providers.Ansible.Execution;
using GitOpsFleet.Providers.Ansible.Results;
using GitOpsFleet.Providers.Ansible.Secrets;
using GitOpsFleet.Model;

namespace GitOpsFleet.Providers.Ansible;

public sealed partial class AnsibleProvider
{
    /// <summary>
    /// One check run per ansible pool of the fleet. Every host of the pool's group is reported:
    /// reachable hosts as Running (with the would-be changes as provider drift), an unreachable host
    /// as Unhealthy with the reason, while the other hosts go on. In a manual-replacement pool that names
    /// its systemd unit, a reachable host whose unit is stopped is Dead. Hosts of pools no longer in Git
    /// cannot be observed (their inventory is gone with the pool) and are not reported.
    /// </summary>
    public async Task<IReadOnlyList<ObservedNode>> ObserveAsync(FleetScope fleet, CancellationToken cancellationToken)
    {
        var nodes = new List<ObservedNode>();
        foreach (var pool in AnsiblePools(fleet).OrderBy(p => p.Name, StringComparer.Ordinal))
        {
            // An inventory that cannot be listed throws: answering "no hosts" would read as an empty pool.
            var hosts = await ListHostsAsync(fleet, pool, cancellationToken).ConfigureAwait(false);
            if (hosts.Count == 0) continue;
            var run = await RunPlaybookAsync(fleet, pool, pool.Ansible!.Group, PlaybookMode.Check, cancellationToken).ConfigureAwait(false);
            var stopped = await StoppedValidatorsAsync(fleet, pool, hosts.Select(h => h.Name), cancellationToken).ConfigureAwait(false);
            foreach (var host in hosts)
            {
                nodes.Add(stopped.Contains(host.Name)
                    ? Node(fleet, pool, host.Name, host.Address, NodeState.Dead, null, $"unit {Unit(pool)} is stopped on its host")
                    : Observed(fleet, pool, host.Name, host.Address, run));
            }
        }
        return nodes;
    }

    /// <summary>
    /// A pool whose nodes must never run twice (<c>replacement: manual</c>) and names its systemd unit: the hosts where systemd
    /// says the unit is stopped. Such a node is dead, not merely drifted, so the planner holds its restart for an approval
    /// instead of letting a drift heal or an update start a validator on its own. Other pools are not asked (one ansible
    /// run less per observation).
    /// </summary>
    private async Task<HashSet<string>> StoppedValidatorsAsync(FleetScope fleet, PoolSpec pool, IEnumerable<string> hosts, CancellationToken cancellationToken)
    {
        if (pool.Replacement != ReplacementPolicy.Manual || Unit(pool) is not { } unit) return [];
        var answer = await AskUnitAsync(fleet, pool, unit, pool.Ansible!.Group, AnsibleSecrets.Load(_options), cancellationToken).ConfigureAwait(false);
        return StoppedHosts(answer, hosts);
    }

    private ObservedNode Observed(FleetScope fleet, PoolSpec pool, string host, string? address, PlaybookRun run)
    {
        if (run.Result is null)
        {
            return Node(fleet, pool, host, address, NodeState.Unhealthy, null, $"check run failed: {run.Error}");
        }
        if (!run.Result.Hosts.TryGetValue(host, out var result))
        {
            return Node(fleet, pool, host, address, NodeState.Unhealthy, null,
                "the playbook did not run on this host (does the play's hosts pattern include the group?)");
        }
        if (result.IsUnreachable)
        {
            return Node(fleet, pool, host, address, NodeState.Unhealthy, null, $"unreachable: {result.UnreachableReason ?? "no reason given"}");
        }
        // Changed tasks are the drift; a task that fails in check mode (often because an earlier step has not run) is drift too.
        var drift = result.Tasks
            .Where(t => t.Status == AnsibleTaskStatus.Changed || (t.Status == AnsibleTaskStatus.Failed && !t.IgnoredError))
            .Select(t => t.DescribeDrift())
            .ToList();
        return Node(fleet, pool, host, address, NodeState.Running, drift, null);
    }
}
