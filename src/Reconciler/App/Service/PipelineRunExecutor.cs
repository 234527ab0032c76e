using GitOpsFleet.Reconciler.Pipeline;

namespace GitOpsFleet.Reconciler.Service;

/// <summary>
/// Runs the real pipeline in reconcile mode. A fleet whose commit and observed state have not changed since its
/// last settled run reuses that run's plan (see <see cref="SettledRuns"/>): the service runs every fleet every few
/// minutes, and most of those runs find nothing new.
/// </summary>
internal sealed class PipelineRunExecutor(ReconcilePipeline pipeline, SettledRuns settledRuns) : IFleetRunExecutor
{
    public Task<RunOutcome> RunAsync(FleetTarget target, string trigger, IRunReporter reporter, CancellationToken cancellationToken) =>
        pipeline.RunAsync(target, RunMode.Reconcile, trigger, reporter, settledRuns, cancellationToken);
}
