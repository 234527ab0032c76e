using Microsoft.Extensions.Logging;

namespace GitOpsFleet.Reconciler.Service;

internal sealed partial class FleetRunCoordinator
{
    private static partial class Log
    {
        [LoggerMessage(ServiceEventIds.RunStarting, LogLevel.Information, "Run of {Fleet} starting ({Trigger})")]
        public static partial void RunStarting(ILogger logger, string fleet, string trigger);

        [LoggerMessage(ServiceEventIds.RunFinished, LogLevel.Information, "Run {RunId} of {Fleet} finished: {Result} in {DurationMs} ms; {Summary}")]
        public static partial void RunFinished(ILogger logger, long runId, string fleet, string result, long durationMs, string summary);

        [LoggerMessage(ServiceEventIds.RunDiagnostic, LogLevel.Warning, "Run {RunId} of {Fleet}: {Diagnostic}")]
        public static partial void RunDiagnostic(ILogger logger, long runId, string fleet, string diagnostic);

        [LoggerMessage(ServiceEventIds.RunDiagnosticsOmitted, LogLevel.Warning, "Run {RunId} of {Fleet}: {Omitted} more diagnostic(s) not logged; see the run record")]
        public static partial void RunDiagnosticsOmitted(ILogger logger, long runId, string fleet, int omitted);

        [LoggerMessage(ServiceEventIds.RunCrashed, LogLevel.Error, "Run of {Fleet} could not be carried out: {Reason}")]
        public static partial void RunCrashed(ILogger logger, string fleet, string reason);

        [LoggerMessage(ServiceEventIds.RunCoalesced, LogLevel.Debug, "Run request for {Fleet} ({Trigger}) folded into the pending run")]
        public static partial void RunCoalesced(ILogger logger, string fleet, string trigger);

        [LoggerMessage(ServiceEventIds.LeaseHeldElsewhere, LogLevel.Information, "{Fleet} is being reconciled by another replica; {Trigger} run skipped")]
        public static partial void LeaseHeldElsewhere(ILogger logger, string fleet, string trigger);

        [LoggerMessage(ServiceEventIds.LeaseLost, LogLevel.Warning, "Run {RunId} of {Fleet} lost its lease; cancelling it")]
        public static partial void LeaseLost(ILogger logger, long? runId, string fleet);

        [LoggerMessage(ServiceEventIds.LeaseTakenOver, LogLevel.Warning, "Took over {Fleet} from replica {Previous}, whose lease expired; {Count} run(s) it left running marked interrupted")]
        public static partial void LeaseTakenOver(ILogger logger, string fleet, string previous, int count);

        [LoggerMessage(ServiceEventIds.ShutdownWaiting, LogLevel.Information, "Shutting down: waiting up to {DeadlineSeconds} s for {Count} run(s) in progress")]
        public static partial void ShutdownWaiting(ILogger logger, double deadlineSeconds, int count);

        [LoggerMessage(ServiceEventIds.ShutdownCancelled, LogLevel.Warning, "Shutdown deadline reached: cancelling {Count} run(s) in progress (nodes keep running)")]
        public static partial void ShutdownCancelled(ILogger logger, int count);
    }
}
