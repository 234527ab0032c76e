namespace GitOpsFleet.Reconciler.Git;

/// <summary>The fleet repository could not be fetched or the ref not resolved. The message is safe to log (credentials removed).</summary>
internal sealed class GitSourceException(string message, Exception? inner = null) : Exception(message, inner);
