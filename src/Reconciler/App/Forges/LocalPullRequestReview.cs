using GitOpsFleet.Reconciler.State;
using LibGit2Sharp;

namespace GitOpsFleet.Reconciler.Forges;

/// <summary>
/// Merge and close for the local forge, where there is no forge UI: merging brings the drift branch
/// into the fleet's branch of a repository on this machine; closing records that a reviewer said no.
/// </summary>
internal static class LocalPullRequestReview
{
    public static PullRequestRecord Close(PullRequestRecord pr, TimeProvider time) =>
        pr with { State = PullRequestState.Closed, UpdatedAt = time.GetUtcNow(), ClosedAt = time.GetUtcNow(), Body = pr.Body + "\n\n---\nClosed by a reviewer without merging: the next run restores Git's state.\n" };

    /// <summary>Merges the drift branch into its base in the repository at <paramref name="repositoryPath"/>; returns the new base commit.</summary>
    public static string Merge(PullRequestRecord pr, string repositoryPath, TimeProvider time)
    {
        using var repo = new Repository(repositoryPath);
        var head = repo.Branches[pr.Branch] ?? throw new InvalidOperationException($"branch {pr.Branch} is not in {repositoryPath}");
        var baseName = pr.BaseRef.StartsWith("refs/heads/", StringComparison.Ordinal) ? pr.BaseRef["refs/heads/".Length..] : pr.BaseRef;
        var target = repo.Branches[baseName] ?? throw new InvalidOperationException($"branch {baseName} is not in {repositoryPath}");
        var signature = new Signature("GitOpsFleet reviewer", "review@gitopsfleet.localhost", time.GetUtcNow());
        if (!repo.Info.IsBare && repo.Head.FriendlyName == baseName)
        {
            // The base is checked out: merge through the work tree so it stays consistent for the person using it.
            var result = repo.Merge(head, signature, new MergeOptions { FastForwardStrategy = FastForwardStrategy.NoFastForward, CommitOnSuccess = true });
            if (result.Status == MergeStatus.Conflicts) throw new InvalidOperationException($"{pr.Branch} does not merge cleanly into {baseName}");
            return repo.Head.Tip.Sha;
        }
        var merged = repo.ObjectDatabase.MergeCommits(target.Tip, head.Tip, new MergeTreeOptions());
        if (merged.Status != MergeTreeStatus.Succeeded) throw new InvalidOperationException($"{pr.Branch} does not merge cleanly into {baseName}");
        var commit = repo.ObjectDatabase.CreateCommit(signature, signature, $"Merge {pr.Branch}: accept drift", merged.Tree, [target.Tip, head.Tip], prettifyMessage: true);
        repo.Refs.UpdateTarget(target.Reference, commit.Id, "gitopsfleet: merge drift pull request");
        return commit.Sha;
    }
}
