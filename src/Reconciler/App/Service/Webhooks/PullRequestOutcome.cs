namespace GitOpsFleet.Reconciler.Service.Webhooks;

/// <summary>How a pull request delivery ends it: only a merge or a close means the fleet's next run has something to do.</summary>
internal enum PullRequestOutcome
{
    Other,
    Merged,
    Closed,
}
