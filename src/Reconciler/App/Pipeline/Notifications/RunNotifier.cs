using System.Security.Cryptography;
using System.Text;
using GitOpsFleet.Model;
using GitOpsFleet.Reconciler.Pipeline;
using GitOpsFleet.Reconciler.Pipeline.Reports;
using GitOpsFleet.Reconciler.State;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;

namespace GitOpsFleet.Reconciler.Pipeline.Notifications;

/// <summary>
/// Queues the events of a finished run for the fleet's targets. It only writes rows: sending is the background
/// sender's, so a slow or dead target costs a run nothing. Each row's key makes a repeated condition (the same
/// denied commit every interval, drift seen by two replicas) one delivery.
/// </summary>
internal sealed partial class RunNotifier(IStateStore store, TimeProvider time, ILogger<RunNotifier>? logger = null)
{
    private readonly ILogger _logger = (ILogger?)logger ?? NullLogger.Instance;

    /// <summary>Queues what <paramref name="report"/> calls for; never throws, since the run is already recorded.</summary>
    public async Task QueueAsync(FleetSpec? spec, RunReport report, CancellationToken cancellationToken)
    {
        if (spec is null || spec.NotificationTargets.Count == 0) return;
        try
        {
            var messages = await EventsAsync(report, cancellationToken);
            foreach (var (e, message) in messages)
            {
                foreach (var target in spec.NotificationTargets.Where(t => t.Events.Contains(e)))
                {
                    var key = $"{message.Fleet}|{target.Name}|{message.Event}|{message.Subject}";
                    var delivery = new NotificationDelivery(0, key, message.Fleet, target.Name, NotificationEvents.Kind(target.Kind), message.Event, report.RunId,
                        SecretReferences.Format(target.Url), target.Secret is { } s ? SecretReferences.Format(s) : null, message.ToJson().ToJsonString(),
                        NotificationDelivery.Pending, 0, message.At, message.At, null, null);
                    if (await store.EnqueueNotificationAsync(delivery, cancellationToken)) Queued(_logger, message.Fleet, message.Event, target.Name, report.RunId);
                }
            }
        }
        catch (Exception ex) when (ex is not OperationCanceledException)
        {
            QueueFailed(_logger, report.Fleet, report.RunId, ex.GetType().Name);
        }
    }

    /// <summary>The events of one run, each with the subject that makes it the same event in a later run.</summary>
    internal async Task<IReadOnlyList<(NotificationEvent Event, NotificationMessage Message)>> EventsAsync(RunReport report, CancellationToken cancellationToken)
    {
        var list = new List<(NotificationEvent, NotificationMessage)>();
        var now = time.GetUtcNow();
        var commit = report.Commit;
        NotificationMessage Message(NotificationEvent e, string subject, string summary) =>
            new(report.Fleet, NotificationEvents.Name(e), report.RunId, commit, report.Result ?? "", summary, subject, now);

        if (report.Result == RunResults.Denied)
        {
            list.Add((NotificationEvent.PlanDenied, Message(NotificationEvent.PlanDenied, commit ?? $"run-{report.RunId}", report.Decisions?.Summary ?? report.Summary)));
        }
        if (report.Result == RunResults.Failed)
        {
            // The same commit failing the same way every interval is one event; a different error is news.
            var subject = $"{commit ?? "no-commit"}:{ShortHash(report.Error ?? report.Summary)}";
            list.Add((NotificationEvent.RunFailed, Message(NotificationEvent.RunFailed, subject, report.Error ?? report.Summary)));
        }
        if (report.Approval is { Status: "waiting" } approval)
        {
            list.Add((NotificationEvent.ApprovalNeeded, Message(NotificationEvent.ApprovalNeeded, approval.Fingerprint,
                $"{approval.Reason} (approve with: gitopsfleet approve {report.RunId})")));
        }
        if (report.Drift is { Fingerprint: { } fingerprint } drift && drift.OutstandingCount > 0)
        {
            list.Add((NotificationEvent.DriftOpened, Message(NotificationEvent.DriftOpened, fingerprint, $"{drift.OutstandingCount} drift item(s): {report.Summary}")));
        }
        else if (report.Result is RunResults.Succeeded or RunResults.NoChanges && await OpenDriftAsync(report, cancellationToken) is { } open)
        {
            list.Add((NotificationEvent.DriftResolved, Message(NotificationEvent.DriftResolved, open, "the fleet matches the repository again")));
        }
        return list;
    }

    /// <summary>
    /// The drift fingerprint of the fleet's last earlier run that looked at drift, if that run left drift outstanding:
    /// a clean run after it resolves it. Failed runs in between looked at nothing, so they are passed over.
    /// </summary>
    private async Task<string?> OpenDriftAsync(RunReport report, CancellationToken cancellationToken)
    {
        foreach (var run in await store.ListRunsAsync(report.Fleet, null, 20, 0, cancellationToken))
        {
            if (run.Id >= report.RunId) continue;
            if (run.Result is not (RunResults.Drift or RunResults.Succeeded or RunResults.NoChanges)) continue;
            // Listed runs carry no document (the list stays cheap); only this one is read whole.
            if (await store.GetRunAsync(run.Id, cancellationToken) is not { } full) return null;
            var earlier = RunReport.Read(full);
            return earlier.Drift is { Fingerprint: { } f } d && d.OutstandingCount > 0 ? f : null;
        }
        return null;
    }

    private static string ShortHash(string text) => Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(text)))[..16];

    [LoggerMessage(NotificationEventIds.Queued, LogLevel.Information, "Queued {Event} of {Fleet} for target {Target} (run {RunId})")]
    private static partial void Queued(ILogger logger, string fleet, string @event, string target, long runId);

    [LoggerMessage(NotificationEventIds.QueueFailed, LogLevel.Warning, "Could not queue the notifications of run {RunId} of {Fleet}: {Error}")]
    private static partial void QueueFailed(ILogger logger, string fleet, long runId, string error);
}
