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
}
