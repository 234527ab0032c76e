using Microsoft.Extensions.Logging;

namespace GitOpsFleet.Reconciler.Service.Webhooks;

internal static partial class WebhookEndpoints
{
    [LoggerMessage(ServiceEventIds.WebhookRejected, LogLevel.Warning, "Webhook from {Source} rejected: {Reason}")]
    private static partial void Rejected(ILogger logger, string source, string reason);

    [LoggerMessage(ServiceEventIds.WebhookIgnored, LogLevel.Information, "Webhook from {Source} ignored: {Reason}")]
    private static partial void Ignored(ILogger logger, string source, string reason);

    [LoggerMessage(ServiceEventIds.WebhookAccepted, LogLevel.Information, "Webhook from {Source}: {Event} of {Subject} started or joined {Count} run(s)")]
    private static partial void Accepted(ILogger logger, string source, string @event, string subject, int count);

    [LoggerMessage(ServiceEventIds.WebhookBodyRefused, LogLevel.Warning, "Webhook from {Source} refused with {Status}: {Reason}")]
    private static partial void BodyRefused(ILogger logger, string source, int status, string reason);

    [LoggerMessage(ServiceEventIds.WebhookDuplicate, LogLevel.Information, "Webhook from {Source} ignored: delivery {DeliveryId} was received before")]
    private static partial void Duplicate(ILogger logger, string source, string deliveryId);

    [LoggerMessage(ServiceEventIds.WebhookFleetConflict, LogLevel.Warning, "Webhook from {Source} refused: ?fleet={Query} is not among the fleets of its repository ({Fleets})")]
    private static partial void FleetConflict(ILogger logger, string source, string query, string fleets);
}
