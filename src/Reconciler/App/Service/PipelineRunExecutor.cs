using GitOpsFleet.Reconciler.Pipeline;

namespace GitOpsFleet.Reconciler.Service;

/// <summary>Runs the real pipeline in reconcile mode.</summary>
internal sealed class PipelineRunExecutor(ReconcilePipeline pipeline) : IFleetRunExecutor
{
    public Task<RunOutcome> RunAsync(FleetTarget target, string trigger, IRunReporter reporter, CancellationToken cancellationToken) =>
        pipeline.RunAsync(target, RunMode.Reconcile, trigger, reporter, cancellationToken);
}
