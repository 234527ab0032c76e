using GitOpsFleet.Providers;
using GitOpsFleet.Model;

namespace GitOpsFleet.Reconciler.Planning;

/// <summary>
/// Turns desired vs observed into ordered actions and drift. Pure: no I/O, no clock, so every rule
/// here is tested with data alone.
/// </summary>
public static class Planner
{
    public static Plan Create(PlanInput input)
    {
        var spec = input.Desired.Spec;
        var actions = new List<PlannedAction>();
        var drift = new List<DriftItem>();
        var notes = new List<string>();
        var fleet = spec.Name;
        var driftAction = spec.Drift.Action;

        var skippedPools = input.SkippedPools ?? new Dictionary<string, string>();
        var desiredPools = input.Desired.Pools.ToDictionary(p => p.Spec.Name, StringComparer.Ordinal);
        var observedByName = new Dictionary<string, ObservedNode>(StringComparer.Ordinal);
        var extraObserved = new List<ObservedNode>();
        var twins = new HashSet<ObservedNode>(ReferenceEqualityComparer.Instance);
        foreach (var node in input.Observed.OrderBy(n => n.Managed ? 0 : 1).ThenBy(n => n.Name, NaturalComparer.Instance))
        {
            // A managed node wins the name; a second process with the same name is an unknown twin.
            if (!observedByName.TryAdd(node.Name, node))
            {
                extraObserved.Add(node);
                twins.Add(node);
            }
        }

        var desiredNames = new HashSet<string>(StringComparer.Ordinal);
        var manualReplacements = new List<string>();
        foreach (var pool in input.Desired.Pools.OrderBy(p => p.Spec.Name, StringComparer.Ordinal))
        {
            if (input.UnavailableProviders.TryGetValue(pool.Spec.Provider, out var why))
            {
                notes.Add($"pool {pool.Spec.Name} skipped: provider {pool.Spec.Provider} is not available here ({why})");
                continue;
            }
            if (skippedPools.TryGetValue(pool.Spec.Name, out var skipped))
            {
                notes.Add($"pool {pool.Spec.Name} skipped: {skipped}");
                continue;
            }
            if (!input.LayoutByPool.TryGetValue(pool.Spec.Name, out var layout)) continue;
            foreach (var desired in layout.OrderBy(n => n.Name, NaturalComparer.Instance))
            {
                desiredNames.Add(desired.Name);
                var wanted = NodeSpecRecord.Of(desired);
                if (!observedByName.TryGetValue(desired.Name, out var observed))
                {
                    actions.Add(Action(ActionKind.Create, desired, null, "new node"));
                    continue;
                }
                if (observed.State == NodeState.Dead)
                {
                    drift.Add(new DriftItem(DriftKind.Missing, pool.Spec.Name, desired.Name, "state", "running", "gone",
                        $"node {desired.Name} is gone (died or was killed)", observed.Since));
                    if (pool.Spec.Replacement == ReplacementPolicy.Manual)
                    {
                        // Planned like any replacement, so a person approves exactly this action; the hold keeps it from running until then.
                        notes.Add($"node {desired.Name} of pool {pool.Spec.Name} is gone and waits for approval (replacement: manual)");
                        actions.Add(Action(ActionKind.Replace, desired, observed, "node died; replacement: manual, so it is replaced only once a person approves"));
                        manualReplacements.Add(desired.Name);
                    }
                    else
                    {
                        actions.Add(Action(ActionKind.Replace, desired, observed, "node died; replacing it (a failure, not a change of intent)"));
                    }
                    continue;
                }

                if (observed.State == NodeState.Unhealthy)
                {
                    notes.Add($"node {desired.Name} is unhealthy{(observed.StateReason is { } reason ? ": " + reason : "")}");
                }
                var seen = NodeSpecRecord.Of(observed);
                var differences = wanted.Differences(seen);
                input.LastApplied.TryGetValue(desired.Name, out var applied);
                var providerDrift = observed.ProviderDrift is { Count: > 0 } pd ? pd : null;
                // Without a record of what was applied (a lost or restored store, a node started by hand) nothing says Git
                // moved, so a differing value is drift: an update would overwrite what someone did on the machine. A
                // difference only the provider sees (an Ansible check diff) on a node with no record is its first configuration.
                var gitChanged = applied is null ? differences.Count == 0 : !applied.SameAs(wanted);
                if (differences.Count == 0 && providerDrift is null)
                {
                    if (!observed.Managed) notes.Add($"node {desired.Name} was started outside GitOpsFleet and matches Git; adopted");
                    continue;
                }
                if (gitChanged)
                {
                    // Git moved: this is intent, not drift. Values changed on the machine too are overwritten by Git.
                    var what = differences.Count > 0
                        ? string.Join(", ", differences.Select(d => $"{d.Field} {d.Theirs ?? "(none)"} -> {d.Mine ?? "(none)"}"))
                        : "configuration out of date";
                    actions.Add(Action(ActionKind.Update, desired, observed, what));
                    continue;
                }
                foreach (var (field, mine, theirs) in differences)
                {
                    drift.Add(new DriftItem(DriftKind.Changed, pool.Spec.Name, desired.Name, field, mine, theirs,
                        $"{field} is {theirs ?? "(none)"} on {desired.Name}; Git says {mine ?? "(none)"}", observed.Since));
                }
                foreach (var line in providerDrift ?? [])
                {
                    drift.Add(new DriftItem(DriftKind.Changed, pool.Spec.Name, desired.Name, "configuration", null, line,
                        $"{desired.Name}: {line}", observed.Since));
                }
                if (driftAction == DriftAction.Heal)
                {
                    actions.Add(Action(ActionKind.Update, desired, observed, "drift.action is heal: restoring Git's values"));
                }
            }
        }

        foreach (var observed in observedByName.Values.Concat(extraObserved).OrderBy(n => n.Pool ?? "", StringComparer.Ordinal).ThenBy(n => n.Name, NaturalComparer.Instance))
        {
            if (input.UnavailableProviders.ContainsKey(observed.Provider)) continue;
            // A skipped pool's nodes are neither pruned nor scaled in: the pool is still in Git, only not runnable here.
            if (observed.Pool is { } skippedPool && skippedPools.ContainsKey(skippedPool)) continue;
            var isTwin = twins.Contains(observed);
            if (desiredNames.Contains(observed.Name) && !isTwin) continue;
            var poolName = observed.Pool ?? "(none)";
            if (observed.State == NodeState.Dead)
            {
                // A node that died and is no longer wanted: only its record is left to forget.
                actions.Add(Delete(fleet, observed, "forget the record of a node that is gone and no longer in Git"));
                continue;
            }
            if (!observed.Managed || isTwin)
            {
                drift.Add(new DriftItem(DriftKind.Unknown, poolName, observed.Name, "node", null, "running",
                    $"node {observed.Name} carries fleet {fleet}'s identity but Git does not know it (started by hand?)", observed.Since));
                if (driftAction == DriftAction.Heal) actions.Add(Delete(fleet, observed, "drift.action is heal: stopping a node Git does not know"));
                continue;
            }
            if (observed.Pool is { } p && desiredPools.ContainsKey(p))
            {
                actions.Add(Delete(fleet, observed, $"pool {p} scaled in"));
            }
            else if (spec.Reconcile.Prune)
            {
                actions.Add(Delete(fleet, observed, $"pool {poolName} is no longer in Git (prune: true)"));
            }
            else
            {
                notes.Add($"node {observed.Name} belongs to pool {poolName}, which is no longer in Git; kept because reconcile.prune is false");
            }
        }

        var ordered = actions
            .OrderBy(a => a.Kind switch { ActionKind.Replace => 0, ActionKind.Create => 1, ActionKind.Update => 2, _ => 3 })
            .ThenBy(a => a.Pool, StringComparer.Ordinal)
            .ThenBy(a => a.Node, NaturalComparer.Instance)
            .ToList();

        string? refusal = null;
        bool Counted(ObservedNode n) => n.State != NodeState.Dead && !input.UnavailableProviders.ContainsKey(n.Provider) && !(n.Pool is { } np && skippedPools.ContainsKey(np));
        var liveManaged = input.Observed.Count(n => n.Managed && Counted(n));
        // A commit that declares no node stops no running node without allowEmpty: not the fleet's, and not hand-started ones
        // either (drift.action heal would stop them, and a provider that lost its records sees every node as hand-started).
        var liveDeletes = ordered.Where(a => a.Kind == ActionKind.Delete && a.Observed is { State: not NodeState.Dead } o && Counted(o)).ToList();
        var deletes = liveDeletes.Count;
        var remainingDesired = desiredNames.Count;
        if (remainingDesired == 0 && deletes > 0 && !spec.Reconcile.AllowEmpty)
        {
            refusal = deletes >= liveManaged && liveManaged > 0
                ? $"this commit would delete every node of fleet {fleet} ({deletes}); set reconcile.allowEmpty: true in fleet.yaml if that is intended. Nothing was deleted."
                : $"this commit declares no node of fleet {fleet} and would stop {deletes} running node(s) ({string.Join(", ", liveDeletes.Select(a => a.Node))}); "
                    + "set reconcile.allowEmpty: true in fleet.yaml if that is intended. Nothing was deleted.";
        }

        string? hold = null;
        if (refusal is null)
        {
            var holds = new List<string>();
            if (manualReplacements.Count > 0)
            {
                holds.Add($"node(s) {string.Join(", ", manualReplacements.Order(NaturalComparer.Instance))} died in a pool with replacement: manual; "
                    + "they are started again only once a person approves the plan");
            }
            var deleteHold = DeleteGuard.Check(spec, desiredPools, input.LastApplied, ordered, liveManaged);
            if (deleteHold is not null) holds.Add(deleteHold);
            hold = holds.Count > 0 ? string.Join("; ", holds) : null;
        }
        return new Plan(ordered, drift, notes, refusal, hold);
    }

    private static PlannedAction Action(ActionKind kind, DesiredNode desired, ObservedNode? observed, string reason) =>
        new(kind, desired.Fleet, desired.Pool, desired.Name, desired.Provider, desired, observed, reason);

    private static PlannedAction Delete(string fleet, ObservedNode observed, string reason) =>
        new(ActionKind.Delete, fleet, observed.Pool ?? "(none)", observed.Name, observed.Provider, null, observed, reason);
}
