using GitOpsFleet.Model;

namespace GitOpsFleet.Reconciler.Pipeline.Notifications;

/// <summary>The words fleet.yaml, payloads and `notifications list` use for events.</summary>
internal static class NotificationEvents
{
    public static string Name(NotificationEvent e) => e switch
    {
        NotificationEvent.PlanDenied => "plan-denied",
        NotificationEvent.RunFailed => "run-failed",
        NotificationEvent.ApprovalNeeded => "approval-needed",
        NotificationEvent.DriftOpened => "drift-opened",
        NotificationEvent.DriftResolved => "drift-resolved",
        NotificationEvent.DriftUpdated => "drift-updated",
        NotificationEvent.RunStalled => "run-stalled",
        NotificationEvent.RunRetrying => "run-retrying",
        NotificationEvent.ApprovalGiven => "approval-given",
        NotificationEvent.ApprovalLapsed => "approval-lapsed",
        _ => throw new ArgumentOutOfRangeException(nameof(e), e, "no name for this event"),
    };

    public static string Kind(NotificationKind kind) => kind.ToString().ToLowerInvariant();
}
