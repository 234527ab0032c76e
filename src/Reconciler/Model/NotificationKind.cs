namespace GitOpsFleet.Model;

/// <summary>The payload a notification target receives.</summary>
public enum NotificationKind { Webhook, Slack, Alertmanager, Teams }
