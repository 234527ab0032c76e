namespace GitOpsFleet.Reconciler.Service;

/// <summary>Told after every run so the fleet's schedule follows its fleet.yaml and backs off while it fails.</summary>
internal interface IRunScheduleSink
{
    Task AfterRunAsync(string fleet, int consecutiveFailures, TimeSpan interval, string? cron, CancellationToken cancellationToken);
}
