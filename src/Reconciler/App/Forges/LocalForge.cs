using GitOpsFleet.Reconciler.State;

namespace GitOpsFleet.Reconciler.Forges;

/// <summary>The embedded forge: the branch is pushed to the fleet repository, the pull request is a row in the state store.</summary>
internal sealed class LocalForge(IStateStore store, TimeProvider time) : IForge
{
    public string Kind => "local";

    public async Task<PullRequestRecord> OpenOrUpdateAsync(PullRequestRecord? existing, PullRequestDraft draft, CancellationToken cancellationToken)
    {
        var now = time.GetUtcNow();
        var record = existing is { State: PullRequestState.Open }
            ? existing with { Title = draft.Title, Body = draft.Body, Fingerprint = draft.Fingerprint, HeadCommit = draft.HeadCommit, RunId = draft.RunId, UpdatedAt = now }
            : new PullRequestRecord(0, draft.Fleet, Kind, draft.Branch, draft.BaseRef, draft.Title, draft.Body, PullRequestState.Open,
                draft.Fingerprint, draft.HeadCommit, draft.RunId, now, now, null, null);
        return await store.SavePullRequestAsync(record, cancellationToken);
    }

    public Task<PullRequestRecord> CloseAsync(PullRequestRecord pullRequest, string comment, CancellationToken cancellationToken)
    {
        var now = time.GetUtcNow();
        var body = pullRequest.Body + "\n\n---\n" + comment + "\n";
        return store.SavePullRequestAsync(pullRequest with { State = PullRequestState.Closed, Body = body, UpdatedAt = now, ClosedAt = now }, cancellationToken);
    }

    /// <summary>The state store is this forge: what it holds is current (a person merges or closes through the API or CLI).</summary>
    public async Task<PullRequestRecord> RefreshAsync(PullRequestRecord pullRequest, CancellationToken cancellationToken) =>
        (await store.ListPullRequestsAsync(pullRequest.Fleet, null, cancellationToken)).FirstOrDefault(p => p.Id == pullRequest.Id) ?? pullRequest;
}
