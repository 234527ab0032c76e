using GitOpsFleet.Reconciler.Drift;
using GitOpsFleet.Reconciler.Pipeline.Reports;

namespace GitOpsFleet.Reconciler.Pipeline.Steps;

/// <summary>The drift still outstanding after apply, as a report with a fingerprint (the pull request step publishes it).</summary>
internal sealed class DriftReportStep(TimeProvider time) : IRunStep
{
    public string Name => "drift-report";

    public bool Reusable => true;

    public Task<StepOutcome> RunAsync(RunContext context, CancellationToken cancellationToken)
    {
        var drift = context.DriftToReport;
        // A drift check applies nothing, so none of its items is a repaired one.
        if (context.Mode == RunMode.DriftCheck) context.Result = drift.Count > 0 ? RunResults.Drift : RunResults.NoChanges;
        // A provider with pools that could not be observed means the run does not know the fleet is right.
        if (context.ObserveFailed && context.Result is RunResults.NoChanges or RunResults.Succeeded) context.Result = RunResults.Failed;
        context.Report = drift.Count > 0 ? new DriftReport(context.Spec!.Name, context.Commit!, context.RunId, time.GetUtcNow(), drift) : null;
        context.Reported = context.Reported with { Drift = context.Report is null ? null : ReportParts.Drift(context.Report) };
        return Task.FromResult(StepOutcome.Continue(context.Report is not { } report ? "no drift outstanding"
            : $"{report.OutstandingCount} drift item(s) outstanding{(report.Items.Count > report.OutstandingCount ? $", {report.Items.Count - report.OutstandingCount} dead node(s) replaced" : "")}, fingerprint {report.Fingerprint}"));
    }
}
