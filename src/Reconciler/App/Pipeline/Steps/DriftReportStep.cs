using GitOpsFleet.Reconciler.Drift;
using GitOpsFleet.Reconciler.Pipeline.Reports;

namespace GitOpsFleet.Reconciler.Pipeline.Steps;

/// <summary>The drift still outstanding after apply, as a report with a fingerprint (the pull request step publishes it).</summary>
internal sealed class DriftReportStep(TimeProvider time) : IRunStep
{
    public string Name => "drift-report";

    public Task<StepOutcome> RunAsync(RunContext context, CancellationToken cancellationToken)
    {
        var outstanding = context.Outstanding;
        if (context.Mode == RunMode.DriftCheck) context.Result = outstanding.Count > 0 ? RunResults.Drift : RunResults.NoChanges;
        // A provider with pools that could not be observed means the run does not know the fleet is right.
        if (context.ObserveFailed && context.Result is RunResults.NoChanges or RunResults.Succeeded) context.Result = RunResults.Failed;
        context.Report = outstanding.Count > 0 ? new DriftReport(context.Spec!.Name, context.Commit!, context.RunId, time.GetUtcNow(), outstanding) : null;
        context.Reported = context.Reported with { Drift = context.Report is null ? null : ReportParts.Drift(context.Report) };
        return Task.FromResult(StepOutcome.Continue(context.Report is null ? "no drift outstanding" : $"{outstanding.Count} drift item(s) outstanding, fingerprint {context.Report.Fingerprint}"));
    }
}
