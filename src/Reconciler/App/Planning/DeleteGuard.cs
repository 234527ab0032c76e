using GitOpsFleet.Providers;
using GitOpsFleet.Model;

namespace GitOpsFleet.Reconciler.Planning;

/// <summary>
/// Decides whether a plan's deletes need a person first: more than reconcile.maxDeletePercent of the fleet's
/// live managed nodes, or any node of a pool with <c>replacement: manual</c> (validators, whose keys and
/// history a person moves by hand). A commit that removes most pool files is more often a bad merge than intent.
/// </summary>
internal static class DeleteGuard
{
    /// <summary>Why the plan waits for a person, or null when its deletes may go ahead.</summary>
    public static string? Check(FleetSpec spec, IReadOnlyDictionary<string, DesiredPool> desiredPools,
        IReadOnlyDictionary<string, NodeSpecRecord> lastApplied, IReadOnlyList<PlannedAction> actions, int liveManaged)
    {
        // Only running nodes the fleet manages count: forgetting a dead node's record or stopping a
        // hand-started one loses nothing a person would want to keep.
        var deletes = actions.Where(a => a.Kind == ActionKind.Delete && a.Observed is { Managed: true, State: not NodeState.Dead }).ToList();
        if (deletes.Count == 0) return null;

        var reasons = new List<string>();
        var max = spec.Reconcile.MaxDeletePercent;
        if (liveManaged > 0 && deletes.Count * 100L > (long)max * liveManaged)
        {
            var share = (int)Math.Round(deletes.Count * 100.0 / liveManaged, MidpointRounding.AwayFromZero);
            reasons.Add($"it would delete {deletes.Count} of the {liveManaged} managed node(s) of fleet {spec.Name} ({share}%), more than reconcile.maxDeletePercent ({max}%)");
        }
        // A removed pool's spec is gone with its file, so the last-applied record remembers that it was manual.
        var manual = deletes.Where(a => (desiredPools.TryGetValue(a.Pool, out var pool) && pool.Spec.Replacement == ReplacementPolicy.Manual)
                || (lastApplied.TryGetValue(a.Node, out var applied) && applied.ManualReplacement))
            .GroupBy(a => a.Pool, StringComparer.Ordinal)
            .OrderBy(g => g.Key, StringComparer.Ordinal)
            .Select(g => $"pool {g.Key} ({string.Join(", ", g.Select(a => a.Node).Order(NaturalComparer.Instance))})")
            .ToList();
        if (manual.Count > 0)
        {
            reasons.Add($"it would delete nodes of {string.Join(", ", manual)} with replacement: manual, which are never deleted without a person");
        }
        if (reasons.Count == 0) return null;
        var advice = "Nothing was applied: the plan waits for a person to approve it. If the deletes are intended, approve this run: the next run then applies exactly this plan.";
        if (reasons.Count > 1 || manual.Count == 0) advice += " Raising reconcile.maxDeletePercent for this commit (and lowering it again after) lets such deletes go ahead without one.";
        if (manual.Count > 0) advice += " Nodes of a manual pool can also be stopped by hand; the next run then forgets them.";
        return $"{string.Join("; and ", reasons)}. {advice}";
    }
}
