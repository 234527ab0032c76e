using GitOpsFleet.Reconciler.Pipeline.Reports;

namespace GitOpsFleet.Reconciler.Pipeline.Steps;

/// <summary>
/// Admission (on the desired fleet) and plan-stage policy. Fails closed: a plan with changes that policy has
/// not allowed stalls the run, because only a person (a fix in Git, or in the policy) can move it on.
/// </summary>
internal sealed class PolicyStep(IPolicyGate policyGate) : IRunStep
{
    public string Name => "policy";

    public bool Reusable => true;

    public async Task<StepOutcome> RunAsync(RunContext context, CancellationToken cancellationToken)
    {
        context.Progress("evaluating policies");
        var plan = context.Plan!;
        var decision = await policyGate.EvaluateAsync(new PolicyGateInput(context.Spec!, context.Desired!, context.Files!, context.Observed, plan, context.RunId), cancellationToken);
        context.Decision = decision;
        context.Reported = context.Reported with { Decisions = ReportParts.Policy(decision) };
        // A count alone sends people to the run record; the warnings themselves are short enough to print.
        foreach (var warning in decision.Warnings) context.Progress("warning: " + warning);
        var status = decision.Allowed ? "allow" : "deny";
        if (context.Mode == RunMode.Plan)
        {
            return decision.Allowed
                ? StepOutcome.Stop(RunResults.Planned, decision.Summary, status)
                : StepOutcome.Stalled(RunResults.Denied, decision.Summary, status);
        }
        if (!decision.Allowed && context.Mode == RunMode.Reconcile && plan.Actions.Count > 0)
        {
            return StepOutcome.Stalled(RunResults.Denied, $"nothing applied: {decision.Summary}", status);
        }
        // A denial with nothing to apply (or a drift check) changes nothing: the drift is still reported.
        return StepOutcome.Continue(decision.Summary, status);
    }
}
