namespace GitOpsFleet.Reconciler.Pipeline.Approvals;

/// <summary>
/// A waiting run's plan as posted on the forge: the pull request and the comment. Only `/approve` and `/reject`
/// comments written after that comment decide, and they decide that run's fingerprint, never one named in a comment.
/// </summary>
internal sealed record PostedPlan(long RunId, long PullRequest, long CommentId);
