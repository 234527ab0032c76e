using System.Globalization;
using GitOpsFleet.Reconciler.Hosting;
using GitOpsFleet.Reconciler.Pipeline.Notifications;

namespace GitOpsFleet.Reconciler.Cli;

/// <summary>
/// A command-line run sends what it queued before the process exits, with the service's sender, held to
/// <see cref="NotificationOptions.CliDeliveryTimeout"/>: there may be no service to send it, and a person running the
/// command expects the chat message now. What is not sent in time stays queued for `serve`, and one line says so.
/// </summary>
internal static class CliNotificationDelivery
{
    public static async Task SendAsync(AppComposition app, long runId, TextWriter error, TimeProvider time, CancellationToken cancellationToken)
    {
        var options = app.Notifications;
        using var deadline = new CancellationTokenSource(options.CliDeliveryTimeout, time);
        using var linked = CancellationTokenSource.CreateLinkedTokenSource(deadline.Token, cancellationToken);
        using var http = new HttpClient { Timeout = Timeout.InfiniteTimeSpan };
        var sent = await new NotificationSender(app.Store, http, options, time).SendRunAsync(runId, linked.Token);
        if (Line(sent, options.CliDeliveryTimeout) is { } line) await error.WriteLineAsync(line);
    }

    /// <summary>Nothing when every delivery arrived (or there were none): a run's output stays as it was.</summary>
    internal static string? Line(RunDeliveries sent, TimeSpan timeout)
    {
        if (sent.Failed == 0 && sent.Left == 0) return null;
        var parts = new List<string>();
        if (sent.Delivered > 0) parts.Add($"{sent.Delivered} delivered");
        if (sent.Failed > 0) parts.Add($"{sent.Failed} failed");
        if (sent.Left > 0)
        {
            parts.Add($"{sent.Left} not sent within {timeout.TotalSeconds.ToString("0.#", CultureInfo.InvariantCulture)} s stay queued for 'gitopsfleet serve' on this state store");
        }
        return $"notifications: {string.Join(", ", parts)} (see 'gitopsfleet notifications list')";
    }
}
