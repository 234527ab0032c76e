namespace GitOpsFleet.Reconciler.Service;

/// <summary>Told after every run so the fleet's schedule follows its fleet.yaml and backs off while it fails.</summary>
internal interface IRunScheduleSink
{
    /// <param name="retryAfter">How soon the run said trying again is worth it (a 429's Retry-After); backoff never waits less.</param>
    Task AfterRunAsync(string fleet, int consecutiveFailures, TimeSpan interval, string? cron, CancellationToken cancellationToken, TimeSpan? retryAfter = null);
}
