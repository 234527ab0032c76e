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
    public Task QueueAsync(FleetSpec? spec, RunReport report, CancellationToken cancellationToken) => QueueAsync(spec, [], report, cancellationToken);

    /// <summary>
    /// As <see cref="QueueAsync(FleetSpec?, RunReport, CancellationToken)"/>, for the fleet's targets and the service's
    /// <paramref name="defaults"/> (a fleet target of the same name wins). The defaults hear of a run whose fleet.yaml
    /// did not load too: they are not in the file that failed.
    /// </summary>
    public async Task QueueAsync(FleetSpec? spec, IReadOnlyList<NotificationTarget> defaults, RunReport report, CancellationToken cancellationToken)
    {
        var own = spec?.NotificationTargets ?? [];
        var targets = own.Concat(defaults.Where(d => own.All(t => t.Name != d.Name))).ToList();
        if (targets.Count == 0) return;
        try
        {
            var messages = await EventsAsync(report, cancellationToken);
            foreach (var (e, message, streak) in messages)
            {
                // run-retrying waits for each target's own threshold; the subject names the streak, so it is sent once per streak.
                foreach (var target in targets.Where(t => t.Events.Contains(e) && (e != NotificationEvent.RunRetrying || streak >= t.RetryThreshold)))
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

    /// <summary>
    /// The events of one run, each with the subject that makes it the same event in a later run, and (for run-retrying)
    /// how many runs in a row have now ended retry.
    /// </summary>
    internal async Task<IReadOnlyList<(NotificationEvent Event, NotificationMessage Message, int Streak)>> EventsAsync(RunReport report, CancellationToken cancellationToken)
    {
        var list = new List<(NotificationEvent, NotificationMessage, int)>();
        var now = time.GetUtcNow();
        var commit = report.Commit;
        void Add(NotificationEvent e, string subject, string summary, int streak = 0) =>
            list.Add((e, new(report.Fleet, NotificationEvents.Name(e), report.RunId, commit, report.Result ?? "", summary, subject, now), streak));

        var result = report.Result ?? "";
        if (result == RunResults.Denied)
        {
            Add(NotificationEvent.PlanDenied, commit ?? $"run-{report.RunId}", report.Decisions?.Summary ?? report.Summary);
        }
        if (result == RunResults.Failed)
        {
            // The same commit failing the same way every interval is one event; a different error is news.
            Add(NotificationEvent.RunFailed, $"{commit ?? "no-commit"}:{ShortHash(report.Error ?? report.Summary)}", report.Error ?? report.Summary);
        }
        if (result is RunResults.Invalid or RunResults.RefMissing or RunResults.Refused)
        {
            // Denied and waiting runs are stalled too, but plan-denied and approval-needed already say so.
            Add(NotificationEvent.RunStalled, $"{commit ?? "no-commit"}:{result}:{ShortHash(report.Error ?? report.Summary)}", report.Error ?? report.Summary);
        }
        if (RunDispositions.Of(result) == RunDisposition.Retry)
        {
            var (streak, first) = await RetryStreakAsync(report, cancellationToken);
            Add(NotificationEvent.RunRetrying, $"since-run-{first}", $"{streak} run(s) in a row ended {result}: {report.Error ?? report.Summary}", streak);
        }
        if (report.Approval is { } approval)
        {
            if (approval.Status is "waiting" or "lapsed")
            {
                Add(NotificationEvent.ApprovalNeeded, approval.Fingerprint, $"{approval.Reason} (approve with: gitopsfleet approve {report.RunId})");
            }
            if (approval.Status == "lapsed")
            {
                var changes = (approval.Added is { Count: > 0 } added ? $"; added: {string.Join(", ", added)}" : "")
                    + (approval.Removed is { Count: > 0 } removed ? $"; removed: {string.Join(", ", removed)}" : "");
                Add(NotificationEvent.ApprovalLapsed, $"{approval.LapsedRun}:{approval.Fingerprint}",
                    $"the approval of run {approval.LapsedRun} lapsed: the plan changed since{changes}");
            }
            if (approval.Status == "approved")
            {
                Add(NotificationEvent.ApprovalGiven, approval.Fingerprint, $"plan approved by {string.Join(", ", approval.ApprovedBy)}; run {result}");
            }
        }
        if (report.Drift is { Fingerprint: { } fingerprint } drift && drift.OutstandingCount > 0)
        {
            // Drift that replaces other outstanding drift is an update of the same problem, not a new one.
            var earlier = await OpenDriftAsync(report, cancellationToken);
            var e = earlier is not null && earlier != fingerprint ? NotificationEvent.DriftUpdated : NotificationEvent.DriftOpened;
            Add(e, fingerprint, $"{drift.OutstandingCount} drift item(s): {report.Summary}");
        }
        else if (result is RunResults.Succeeded or RunResults.NoChanges && await OpenDriftAsync(report, cancellationToken) is { } open)
        {
            Add(NotificationEvent.DriftResolved, open, "the fleet matches the repository again");
        }
        return list;
    }

    /// <summary>How many of the fleet's runs up to this one ended retry in a row, and the first of them.</summary>
    private async Task<(int Count, long First)> RetryStreakAsync(RunReport report, CancellationToken cancellationToken)
    {
        var (count, first) = (1, report.RunId);
        foreach (var run in await store.ListRunsAsync(report.Fleet, null, 100, 0, cancellationToken))
        {
            if (run.Id >= report.RunId) continue;
            if (RunDispositions.Of(run.Result) != RunDisposition.Retry) break;
            (count, first) = (count + 1, run.Id);
        }
        return (count, first);
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
