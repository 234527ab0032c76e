using Microsoft.Extensions.Hosting;

namespace GitOpsFleet.Reconciler.Pipeline.Notifications;

/// <summary>The service's sender loop, apart from runs: a run only queues rows, this delivers them.</summary>
internal sealed class NotificationDeliveryService(NotificationSender sender) : BackgroundService
{
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        try
        {
            await sender.RunAsync(stoppingToken);
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
            // Shutdown: what was not sent stays queued for the next start or another replica.
        }
    }
}
