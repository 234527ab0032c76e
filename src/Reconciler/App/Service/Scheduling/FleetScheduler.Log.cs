using Microsoft.Extensions.Logging;

namespace GitOpsFleet.Reconciler.Service.Scheduling;

internal sealed partial class FleetScheduler
{
    private static partial class Log
    {
        [LoggerMessage(ServiceEventIds.FleetScheduled, LogLevel.Information, "{Fleet} scheduled: {Schedule}, next run at {Next}")]
        public static partial void Scheduled(ILogger logger, string fleet, string schedule, DateTimeOffset? next);

        [LoggerMessage(ServiceEventIds.BackingOff, LogLevel.Warning, "{Fleet} failed {Failures} time(s) in a row; next attempt in {Delay}")]
        public static partial void BackingOff(ILogger logger, string fleet, int failures, TimeSpan delay);

        [LoggerMessage(ServiceEventIds.ScheduleFailed, LogLevel.Error, "Could not update the schedule of {Fleet}: {Reason}")]
        public static partial void ScheduleFailed(ILogger logger, string fleet, string reason);
    }
}
