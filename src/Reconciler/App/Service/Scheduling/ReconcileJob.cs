using GitOpsFleet.Reconciler.Service.Fleets;
using Quartz;

namespace GitOpsFleet.Reconciler.Service.Scheduling;

/// <summary>
/// One fire of a fleet's schedule. It only hands the request to the run coordinator and returns, so a
/// long run never holds a scheduler thread; overlap is prevented by the coordinator's per-fleet lease,
/// not by [DisallowConcurrentExecution], which would take the cluster's lock row on every fire.
/// </summary>
internal sealed class ReconcileJob(FleetRunCoordinator coordinator, FleetStatusBoard board, TimeProvider time) : IJob
{
    public const string FleetKey = "fleet";

    public ValueTask Execute(IJobExecutionContext context, CancellationToken cancellationToken)
    {
        var fleet = context.MergedJobDataMap.GetString(FleetKey);
        var scheduled = context.ScheduledFireTimeUtc ?? context.FireTimeUtc;
        if (fleet is not null && board.AcceptScheduledFire(fleet, scheduled, context.NextFireTimeUtc))
        {
            coordinator.Request(fleet, new RunRequest("schedule", null, time.GetUtcNow(), scheduled));
        }
        return ValueTask.CompletedTask;
    }
}
