namespace GitOpsFleet.Reconciler.Pipeline.Notifications;

/// <summary>What became of one run's deliveries when a command sent them: delivered, failed, and left queued for the service.</summary>
internal sealed record RunDeliveries(int Delivered, int Failed, int Left)
{
    public int Total => Delivered + Failed + Left;
}
