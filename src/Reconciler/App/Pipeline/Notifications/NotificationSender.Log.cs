using Microsoft.Extensions.Logging;

namespace GitOpsFleet.Reconciler.Pipeline.Notifications;

// Target names and event words only: a URL can carry a token, so none is ever logged.
internal sealed partial class NotificationSender
{
    [LoggerMessage(NotificationEventIds.Delivered, LogLevel.Information, "Delivered {Event} of {Fleet} to {Target} (delivery {Id}, {Attempts} attempt(s))")]
    private static partial void Delivered(ILogger logger, long id, string fleet, string @event, string target, int attempts);

    [LoggerMessage(NotificationEventIds.DeliveryFailed, LogLevel.Warning, "Gave up delivering {Event} of {Fleet} to {Target} (delivery {Id}): {Error}")]
    private static partial void DeliveryFailed(ILogger logger, long id, string fleet, string @event, string target, string error);

    [LoggerMessage(NotificationEventIds.AttemptFailed, LogLevel.Debug, "Attempt {Attempt} of delivery {Id} to {Target} failed: {Error}")]
    private static partial void AttemptFailed(ILogger logger, long id, string target, int attempt, string error);
}
