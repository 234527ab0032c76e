using GitOpsFleet.Model;
using GitOpsFleet.Reconciler.Pipeline;

namespace GitOpsFleet.Reconciler.Service;

/// <summary>The run itself, as the service sees it: the reconcile pipeline (a stub in benchmarks).</summary>
internal interface IFleetRunExecutor
{
    Task<RunOutcome> RunAsync(FleetTarget target, string trigger, IRunReporter reporter, CancellationToken cancellationToken);
}
