using Microsoft.Extensions.Logging;

namespace GitOpsFleet.Providers.Local;

public sealed partial class LocalProvider
{
    private static partial class Log
    {
        [LoggerMessage(LocalEventIds.NodeStarting, LogLevel.Debug, "Starting node {Fleet}/{Node} as pid {Pid}")]
        public static partial void NodeStarting(ILogger logger, string fleet, string node, int pid);

        [LoggerMessage(LocalEventIds.NodeStarted, LogLevel.Information, "Node {Fleet}/{Node} started as pid {Pid} on port {Port} in {ElapsedMs} ms")]
        public static partial void NodeStarted(ILogger logger, string fleet, string node, int pid, int port, double elapsedMs);

        [LoggerMessage(LocalEventIds.NodeStartFailed, LogLevel.Warning, "Node {Fleet}/{Node} failed to start: {Reason}")]
        public static partial void NodeStartFailed(ILogger logger, string fleet, string node, string reason);

        [LoggerMessage(LocalEventIds.NodeAdopted, LogLevel.Information, "Node {Fleet}/{Node} already runs as pid {Pid}; adopted")]
        public static partial void NodeAdopted(ILogger logger, string fleet, string node, int pid);

        [LoggerMessage(LocalEventIds.NodeDeleted, LogLevel.Information, "Node {Fleet}/{Node} deleted ({Stopped} processes stopped)")]
        public static partial void NodeDeleted(ILogger logger, string fleet, string node, int stopped);

        [LoggerMessage(LocalEventIds.NodeKilled, LogLevel.Warning, "Process {Pid} ignored SIGTERM and was killed")]
        public static partial void NodeKilled(ILogger logger, int pid);

        [LoggerMessage(LocalEventIds.FleetStopped, LogLevel.Information, "Stopped {Count} node processes of fleet {Fleet}")]
        public static partial void FleetStopped(ILogger logger, string fleet, int count);

        [LoggerMessage(LocalEventIds.ActionFailed, LogLevel.Error, "{Kind} of node {Fleet}/{Node} failed")]
        public static partial void ActionFailed(ILogger logger, string kind, string fleet, string node, Exception exception);
    }
}
