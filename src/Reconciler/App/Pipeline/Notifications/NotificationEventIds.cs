namespace GitOpsFleet.Reconciler.Pipeline.Notifications;

/// <summary>Log event ids of notifications: 7500-7599, after the service's ranges.</summary>
internal static class NotificationEventIds
{
    public const int Queued = 7500;
    public const int QueueFailed = 7501;
    public const int Delivered = 7502;
    public const int DeliveryFailed = 7503;
    public const int AttemptFailed = 7504;
}
