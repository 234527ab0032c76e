using System.Diagnostics;
using GitOpsFleet.Reconciler.Pipeline.Steps;

namespace GitOpsFleet.Reconciler.Pipeline;

/// <summary>
/// Runs a run's steps in order until one ends the run. Every step is recorded, including those an earlier
/// step made unnecessary (as <c>skipped</c>), so a record always names the whole list, and every step is a span.
/// Steps taken from a settled run (see <see cref="SettledRunReuse"/>) are recorded as <c>reused</c>. Reused and skipped
/// steps are empty spans, so a trace, like a record, always shows the whole list in order.
/// </summary>
internal sealed class RunStepLoop(IReadOnlyList<IRunStep> steps, TimeProvider time)
{
    public IReadOnlyList<IRunStep> Steps { get; } = steps;

    /// <summary>
    /// Runs the steps and returns the one that ended the run (null when every step continued).
    /// <paramref name="records"/> receives one entry per step even when a step throws, so the caller's
    /// <c>finally</c> can write them.
    /// </summary>
    public async Task<StepOutcome?> RunAsync(RunContext context, List<StepRecord> records, CancellationToken cancellationToken)
    {
        try
        {
            foreach (var step in Steps)
            {
                if (step.Reusable && SettledRunReuse.TryReuse(context) is { } settled)
                {
                    context.CurrentStep = step.Name;
                    records.Add(new StepRecord(step.Name, "continue", "reused", 0, $"as in run {settled.RunId}"));
                    EmptySpan(step.Name, "continue", "reused");
                    continue;
                }
                var outcome = await RunStepAsync(step, context, records, cancellationToken);
                if (outcome.EndsRun) return outcome;
            }
            return null;
        }
        finally
        {
            foreach (var step in Steps.Skip(records.Count))
            {
                records.Add(new StepRecord(step.Name, "skipped", "skipped", 0, ""));
                EmptySpan(step.Name, "skipped", "skipped");
            }
        }
    }

    private static void EmptySpan(string name, string outcome, string status)
    {
        using var span = RunTelemetry.Source.StartActivity(name);
        span?.SetTag(RunTelemetry.OutcomeTag, outcome);
        span?.SetTag(RunTelemetry.StatusTag, status);
    }

    private async Task<StepOutcome> RunStepAsync(IRunStep step, RunContext context, List<StepRecord> records, CancellationToken cancellationToken)
    {
        context.CurrentStep = step.Name;
        using var span = RunTelemetry.Source.StartActivity(step.Name);
        span?.SetTag(RunTelemetry.RunIdTag, context.RunId);
        var started = time.GetTimestamp();
        StepOutcome outcome;
        try
        {
            outcome = await step.RunAsync(context, cancellationToken);
        }
        catch (Exception ex)
        {
            var cancelled = ex is OperationCanceledException && cancellationToken.IsCancellationRequested;
            var message = cancelled ? "the run was cancelled" : $"internal error: {ex.GetType().Name}";
            records.Add(new StepRecord(step.Name, "failed", "failed", Milliseconds(started), message));
            span?.SetTag(RunTelemetry.OutcomeTag, "failed");
            span?.SetStatus(ActivityStatusCode.Error, message);
            throw;
        }
        var record = new StepRecord(step.Name, outcome.KindName, outcome.Status, Milliseconds(started), outcome.Message,
            outcome.EndsRun ? outcome.Result : null, outcome.RetryAfter?.TotalSeconds);
        records.Add(record);
        if (context.FleetName is { } fleet) span?.SetTag(RunTelemetry.FleetTag, fleet);
        if (context.Commit is { } commit) span?.SetTag(RunTelemetry.CommitTag, commit);
        span?.SetTag(RunTelemetry.OutcomeTag, record.Outcome);
        span?.SetTag(RunTelemetry.StatusTag, record.Status);
        if (outcome.Kind is StepOutcomeKind.Failed or StepOutcomeKind.Retry || outcome.Status == "failed")
        {
            span?.SetStatus(ActivityStatusCode.Error, outcome.Message);
        }
        if (outcome.Message.Length > 0 && outcome.Status != "skipped") context.Reporter.Stage(step.Name, outcome.Message);
        return outcome;
    }

    private double Milliseconds(long started) => Math.Round(time.GetElapsedTime(started).TotalMilliseconds, 1);
}
