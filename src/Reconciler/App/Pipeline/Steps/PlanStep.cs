using GitOpsFleet.Providers;
using GitOpsFleet.Model;
using GitOpsFleet.Reconciler.Drift;
using GitOpsFleet.Reconciler.Pipeline.Reports;
using GitOpsFleet.Reconciler.Planning;
using GitOpsFleet.Reconciler.State;

namespace GitOpsFleet.Reconciler.Pipeline.Steps;

/// <summary>The plan: a function of what earlier steps read, with no I/O of its own (see <see cref="Decide"/>).</summary>
internal sealed class PlanStep(TimeProvider time) : IRunStep
{
    public string Name => "plan";

    public bool Reusable => true;

    public Task<StepOutcome> RunAsync(RunContext context, CancellationToken cancellationToken)
    {
        var (plan, healedPullRequest) = Decide(context.Desired!, context.Layouts, context.Observed, context.Applied, context.Unavailable, context.Review, context.SkippedPools,
            context.EarlierClosedReviews);
        if (healedPullRequest is { } id) context.Progress($"pull request #{id} was closed without merging: restoring Git's state");
        context.Plan = plan;
        context.Reported = context.Reported with { Plan = ReportParts.Plan(plan) };
        foreach (var note in plan.Notes) context.Progress(note);
        context.DriftToReport = plan.Drift;
        // A plan-only run reports the drift it found even though it stops after policy.
        context.Report = plan.Drift.Count > 0 ? new DriftReport(context.Spec!.Name, context.Commit!, context.RunId, time.GetUtcNow(), plan.Drift) : null;
        if (plan.Refusal is not null) return Task.FromResult(StepOutcome.Stalled(RunResults.Refused, plan.Refusal));
        // A reconcile stalls on the hold in apply, after policy; other modes apply nothing, but should still say so.
        if (plan.Hold is { } hold && context.Mode != RunMode.Reconcile) context.Progress($"would wait for approval: {hold}");
        return Task.FromResult(StepOutcome.Continue(plan.Summary));
    }

    /// <summary>
    /// Plans the run. Where a reviewer closed a drift pull request of the fleet without merging (the latest, or an earlier
    /// one) and the drift is still the same, Git wins: the plan heals that drift instead of asking again (the pull
    /// request's id is returned).
    /// </summary>
    public static (Plan Plan, long? HealedPullRequest) Decide(DesiredFleet desired, IReadOnlyDictionary<string, IReadOnlyList<DesiredNode>> layouts,
        IReadOnlyList<ObservedNode> observed, IReadOnlyDictionary<string, NodeSpecRecord> applied, IReadOnlyDictionary<string, string> unavailable, PullRequestRecord? review,
        IReadOnlyDictionary<string, string>? skippedPools = null, IReadOnlyList<PullRequestRecord>? earlierClosed = null)
    {
        var plan = Planner.Create(new PlanInput(desired, layouts, observed, applied, unavailable, skippedPools));
        var spec = desired.Spec;
        if (plan.Drift.Count == 0 || spec.Drift.Action != DriftAction.PullRequest) return (plan, null);
        var fingerprint = DriftReport.FingerprintOf(plan.Drift);
        var closed = review is { State: PullRequestState.Closed } latest && latest.Fingerprint == fingerprint ? latest
            : earlierClosed?.Where(p => p.State == PullRequestState.Closed && p.Fingerprint == fingerprint).MaxBy(p => p.Id);
        if (closed is not null)
        {
            var healing = desired with { Spec = spec with { Drift = new DriftSettings(DriftAction.Heal) } };
            return (Planner.Create(new PlanInput(healing, layouts, observed, applied, unavailable, skippedPools)), closed.Id);
        }
        return (plan, null);
    }
}
