using Microsoft.Extensions.Logging;

namespace GitOpsFleet.Providers.Ansible;

public sealed partial class AnsibleProvider
{
    // Every text argument below has passed the run's redactor: messages never carry a secret.
    private static partial class Log
    {
        [LoggerMessage(AnsibleEventIds.PlaybookStarting, LogLevel.Information, "ansible-playbook {Mode} for pool {Pool} of {Fleet}, limited to {Limit}")]
        public static partial void PlaybookStarting(ILogger logger, string mode, string pool, string fleet, string limit);

        [LoggerMessage(AnsibleEventIds.PlaybookFinished, LogLevel.Information, "ansible-playbook {Mode} for pool {Pool} of {Fleet} exited with {ExitCode} after {DurationMs} ms")]
        public static partial void PlaybookFinished(ILogger logger, string mode, string pool, string fleet, int exitCode, long durationMs);

        [LoggerMessage(AnsibleEventIds.PlaybookTimedOut, LogLevel.Warning, "ansible-playbook {Mode} for pool {Pool} of {Fleet} timed out after {Timeout}; its process group was ended")]
        public static partial void PlaybookTimedOut(ILogger logger, string mode, string pool, string fleet, TimeSpan timeout);

        [LoggerMessage(AnsibleEventIds.HostUnreachable, LogLevel.Warning, "Host {Host} of pool {Pool} is unreachable: {Reason}")]
        public static partial void HostUnreachable(ILogger logger, string host, string pool, string reason);

        [LoggerMessage(AnsibleEventIds.HostFailed, LogLevel.Warning, "Host {Host} of pool {Pool} failed: {Reason}")]
        public static partial void HostFailed(ILogger logger, string host, string pool, string reason);

        [LoggerMessage(AnsibleEventIds.PlaybookWithoutResult, LogLevel.Error, "ansible-playbook {Mode} for pool {Pool} of {Fleet} exited with {ExitCode} without a result: {Error}")]
        public static partial void PlaybookWithoutResult(ILogger logger, string mode, string pool, string fleet, int exitCode, string error);

        [LoggerMessage(AnsibleEventIds.InventoryFailed, LogLevel.Error, "Inventory {Inventory} of pool {Pool} could not be listed: {Error}")]
        public static partial void InventoryFailed(ILogger logger, string inventory, string pool, string error);

        [LoggerMessage(AnsibleEventIds.JsonCallbackFound, LogLevel.Debug, "The JSON callback plugin is at {Path}; ansible-doc is not needed")]
        public static partial void JsonCallbackFound(ILogger logger, string path);

        [LoggerMessage(AnsibleEventIds.RunCancelled, LogLevel.Information, "ansible-playbook {Mode} for pool {Pool} of {Fleet} was cancelled; its process group was ended")]
        public static partial void RunCancelled(ILogger logger, string mode, string pool, string fleet);

        [LoggerMessage(AnsibleEventIds.GoneConfirmed, LogLevel.Information, "Old node {Node} confirmed gone: unit {Unit} is stopped")]
        public static partial void GoneConfirmed(ILogger logger, string node, string unit);

        [LoggerMessage(AnsibleEventIds.GoneUnconfirmed, LogLevel.Warning, "Old node {Node} not confirmed gone: {Reason}")]
        public static partial void GoneUnconfirmed(ILogger logger, string node, string reason);
    }
}
