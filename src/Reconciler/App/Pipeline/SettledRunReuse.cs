using GitOpsFleet.Reconciler.Pipeline.Reports;

namespace GitOpsFleet.Reconciler.Pipeline;

/// <summary>
/// Decides, once observe has run, whether a run reuses its fleet's last settled run, and whether a finished run is
/// one a later run may reuse. Observe always runs (finding drift is the point of an unchanged run); what follows it
/// is taken from the settled run only when the commit and the observed key are both the same.
/// </summary>
internal static class SettledRunReuse
{
    /// <summary>The settled run this run has taken its remaining steps from, or null (the steps run).</summary>
    public static SettledRun? TryReuse(RunContext context)
    {
        if (!context.ReuseEnabled) return null;
        if (context.ObservedKey is null)
        {
            // The first reusable step: observe has just finished, so the key is read once, here.
            context.ObservedKey = ObservedKey.Of(context);
            if (context.Settled is { } settled && !context.ObserveFailed && settled.Commit == context.Commit
                && settled.ObservedKey == context.ObservedKey && SettledRuns.Reusable(context.Spec!))
            {
                Take(context, settled);
            }
        }
        return context.ReusedFrom;
    }

    /// <summary>
    /// The settled run a full run leaves for the next, or null when it does not qualify: it must be a reconcile that
    /// changed nothing, found no drift, was allowed by policy, touched no pull request, and had no step in trouble.
    /// </summary>
    public static SettledRun? Settle(RunContext context, string result, IReadOnlyList<StepRecord> steps, DateTimeOffset at)
    {
        if (!context.ReuseEnabled || context.ReusedFrom is not null || context.ObservedKey is null) return null;
        if (context.Mode != RunMode.Reconcile || result != RunResults.NoChanges || context.ObserveFailed) return null;
        if (context is not { Spec: { } spec, Commit: { } commit, Desired: { } desired, Plan: { } plan, Decision: { Allowed: true } decision }) return null;
        if (!SettledRuns.Reusable(spec) || plan.Actions.Count > 0 || plan.Hold is not null || plan.Refusal is not null) return null;
        if (context.Report is not null || context.PullRequest is not null || context.Reported.FormerFleets is not null) return null;
        if (steps.Any(s => s.Status is not ("ok" or "skipped" or "allow"))) return null;
        // Read again: apply may have recorded nodes that already matched Git as applied, which the next run will read.
        var key = ObservedKey.Of(context);
        return new SettledRun(context.RunId, at, commit, key, spec, context.Diagnostics, desired,
            new Dictionary<string, IReadOnlyList<Providers.DesiredNode>>(context.Layouts, StringComparer.Ordinal), plan, decision,
            // Only the parts a reusing run copies are kept: a thousand fleets' observed nodes would be memory for nothing.
            new RunReport { Desired = context.Reported.Desired, Scaling = context.Reported.Scaling, Plan = context.Reported.Plan, Decisions = context.Reported.Decisions });
    }

    private static void Take(RunContext context, SettledRun settled)
    {
        context.ReusedFrom = settled;
        context.Desired = settled.Desired;
        foreach (var (pool, layout) in settled.Layouts) context.Layouts[pool] = layout;
        context.Plan = settled.Plan;
        context.Decision = settled.Decision;
        context.DriftToReport = [];
        context.Report = null;
        context.Result = RunResults.NoChanges;
        var from = settled.Report;
        context.Reported = context.Reported with
        {
            ReusedFrom = settled.RunId,
            Desired = from.Desired,
            Scaling = from.Scaling,
            Plan = from.Plan,
            Decisions = from.Decisions,
        };
        context.Progress($"commit and observed state unchanged since run {settled.RunId}: its plan ({settled.Plan.Summary}) is reused");
    }
}
