namespace GitOpsFleet.Reconciler.Git;

/// <summary>The fleet repository could not be fetched or the ref not resolved. The message is safe to log (credentials removed).</summary>
internal sealed class GitSourceException(string message, Exception? inner = null, string? missingRef = null) : Exception(message, inner)
{
    /// <summary>
    /// Set when the server answered but holds no such ref (a deleted or renamed branch, a typo). Unlike a server that
    /// cannot be reached, fetching again soon finds the same: a person must push the branch or change the fleet's ref.
    /// </summary>
    public string? MissingRef { get; } = missingRef;
}
