using Microsoft.Extensions.Logging;

namespace GitOpsFleet.Providers.Azure;

public sealed partial class AzureProvider
{
    private static partial class Log
    {
        [LoggerMessage(AzureEventIds.Unavailable, LogLevel.Information, "Azure provider unavailable for fleet {Fleet}: {Reason}")]
        public static partial void Unavailable(ILogger logger, string fleet, string reason);

        [LoggerMessage(AzureEventIds.CredentialSource, LogLevel.Debug, "Azure credentials for fleet {Fleet} from {Source}")]
        public static partial void CredentialSource(ILogger logger, string fleet, string source);

        [LoggerMessage(AzureEventIds.Observed, LogLevel.Debug, "Observed {Count} scale sets of fleet {Fleet} in {ResourceGroup}")]
        public static partial void Observed(ILogger logger, int count, string fleet, string resourceGroup);

        [LoggerMessage(AzureEventIds.ObserveFailed, LogLevel.Warning, "Listing scale sets of fleet {Fleet} failed: {ErrorCode} (HTTP {Status})")]
        public static partial void ObserveFailed(ILogger logger, string fleet, string errorCode, int status);

        [LoggerMessage(AzureEventIds.ApplyStarted, LogLevel.Information, "{Kind} scale set {ScaleSet} of pool {Pool}")]
        public static partial void ApplyStarted(ILogger logger, ActionKind kind, string scaleSet, string pool);

        [LoggerMessage(AzureEventIds.ApplySucceeded, LogLevel.Information, "{Kind} scale set {ScaleSet} done in {ElapsedMs} ms")]
        public static partial void ApplySucceeded(ILogger logger, ActionKind kind, string scaleSet, long elapsedMs);

        [LoggerMessage(AzureEventIds.ApplyRefused, LogLevel.Warning, "Azure refused {Kind} of scale set {ScaleSet}: {ErrorCode} (HTTP {Status}, request {RequestId})")]
        public static partial void ApplyRefused(ILogger logger, ActionKind kind, string scaleSet, string errorCode, int status, string? requestId);

        [LoggerMessage(AzureEventIds.ApplyTransient, LogLevel.Warning, "{Kind} of scale set {ScaleSet} failed transiently after retries: {ErrorCode} (HTTP {Status})")]
        public static partial void ApplyTransient(ILogger logger, ActionKind kind, string scaleSet, string errorCode, int status);

        [LoggerMessage(AzureEventIds.ApplyTimedOut, LogLevel.Warning, "{Kind} of scale set {ScaleSet} did not finish within {Timeout}")]
        public static partial void ApplyTimedOut(ILogger logger, ActionKind kind, string scaleSet, TimeSpan timeout);

        [LoggerMessage(AzureEventIds.GoneConfirmed, LogLevel.Information, "Old node {Node} confirmed gone: {How}")]
        public static partial void GoneConfirmed(ILogger logger, string node, string how);

        [LoggerMessage(AzureEventIds.GoneUnconfirmed, LogLevel.Warning, "Old node {Node} not confirmed gone: {Reason}")]
        public static partial void GoneUnconfirmed(ILogger logger, string node, string reason);
    }
}
