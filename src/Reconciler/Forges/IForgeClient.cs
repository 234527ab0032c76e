namespace GitOpsFleet.Forges;

/// <summary>
/// The few pull-request calls GitOpsFleet makes on a forge, the same for every forge. Every failure is a
/// <see cref="ForgeException"/> that says whether trying again later can help; no message carries the token.
/// </summary>
public interface IForgeClient
{
    /// <summary><c>github</c>, <c>gitea</c> or <c>gitlab</c>.</summary>
    string Kind { get; }

    /// <summary>The longest body the forge accepts; longer bodies are cut with a pointer to the full report.</summary>
    int MaxBodyLength { get; }

    /// <summary>The open pull request from <paramref name="headBranch"/>, or null. This is how a restarted service or another replica finds its pull request again.</summary>
    Task<ForgePullRequest?> FindOpenByBranchAsync(string headBranch, CancellationToken cancellationToken);

    /// <summary>Opens a pull request. A forge that already has one for this branch answers <see cref="ForgeErrorKind.AlreadyExists"/>.</summary>
    Task<ForgePullRequest> CreateAsync(PullRequestContent content, CancellationToken cancellationToken);

    /// <summary>Replaces the title and body of an open pull request (the head and base stay).</summary>
    Task<ForgePullRequest> UpdateAsync(long number, PullRequestContent content, CancellationToken cancellationToken);

    /// <summary>Comments, then closes without merging.</summary>
    Task<ForgePullRequest> CloseWithCommentAsync(long number, string comment, CancellationToken cancellationToken);

    /// <summary>The pull request as the forge has it now: open, closed or merged.</summary>
    Task<ForgePullRequest> GetAsync(long number, CancellationToken cancellationToken);

    /// <summary>Adds labels, creating them on the forge where it needs that first.</summary>
    Task AddLabelsAsync(long number, IReadOnlyList<string> labels, CancellationToken cancellationToken);

    /// <summary>Posts a comment (a plan waiting for approval, for example).</summary>
    Task<ForgeComment> AddCommentAsync(long number, string body, CancellationToken cancellationToken);

    /// <summary>The people's comments on the pull request, oldest first, each with the account that wrote it (forge-generated system notes left out).</summary>
    Task<IReadOnlyList<ForgeComment>> ListCommentsAsync(long number, CancellationToken cancellationToken);
}
