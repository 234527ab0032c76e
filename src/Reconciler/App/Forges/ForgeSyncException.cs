using GitOpsFleet.Forges;
using GitOpsFleet.Reconciler.State;

namespace GitOpsFleet.Reconciler.Forges;

/// <summary>
/// The forge did not take the change, but the drift report is safe: <see cref="Record"/> is what the state
/// store holds now (for an open or update, with <see cref="PullRequestRecord.HeadCommit"/> null, which makes the
/// next run publish again). The message names the forge's reason and never holds the token.
/// </summary>
internal sealed class ForgeSyncException(PullRequestRecord record, ForgeException cause)
    : Exception(cause.Message, cause)
{
    public PullRequestRecord Record { get; } = record;

    public ForgeErrorKind Reason => cause.Kind;

    /// <summary>True when the next run may succeed on its own (rate limit, forge down); false when a person must act (token, permissions, repository).</summary>
    public bool Retryable => cause.Retryable;

    public TimeSpan? RetryAfter => cause.RetryAfter;
}
