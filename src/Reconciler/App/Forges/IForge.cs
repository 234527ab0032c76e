using GitOpsFleet.Reconciler.State;

namespace GitOpsFleet.Reconciler.Forges;

/// <summary>Where drift pull requests live. The local forge keeps them in the state store.</summary>
internal interface IForge
{
    string Kind { get; }

    /// <summary>Opens the fleet's drift pull request, or updates the open one in place.</summary>
    Task<PullRequestRecord> OpenOrUpdateAsync(PullRequestRecord? existing, PullRequestDraft draft, CancellationToken cancellationToken);

    Task<PullRequestRecord> CloseAsync(PullRequestRecord pullRequest, string comment, CancellationToken cancellationToken);
}
