using GitOpsFleet.Reconciler.State;

namespace GitOpsFleet.Reconciler.Forges;

/// <summary>
/// Where drift pull requests live. The local forge keeps them in the state store; remote forges
/// (<see cref="RemoteForge"/>) hold them on GitHub, Gitea/Forgejo or GitLab and mirror them into the store.
/// </summary>
internal interface IForge
{
    string Kind { get; }

    /// <summary>Opens the fleet's drift pull request, or updates the open one in place.</summary>
    Task<PullRequestRecord> OpenOrUpdateAsync(PullRequestRecord? existing, PullRequestDraft draft, CancellationToken cancellationToken);

    Task<PullRequestRecord> CloseAsync(PullRequestRecord pullRequest, string comment, CancellationToken cancellationToken);

    /// <summary>
    /// The pull request as its forge has it now. A reviewer merges or closes on the forge, so the mirrored
    /// record is refreshed before each run decides what drift means; the stored record is updated when it changed.
    /// </summary>
    Task<PullRequestRecord> RefreshAsync(PullRequestRecord pullRequest, CancellationToken cancellationToken);
}
