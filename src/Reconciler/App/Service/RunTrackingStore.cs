using GitOpsFleet.Reconciler.Planning;
using GitOpsFleet.Reconciler.State;

namespace GitOpsFleet.Reconciler.Service;

/// <summary>The state store, with each new run's id handed to the current <see cref="RunIdHolder"/> so every log line of the run can carry it.</summary>
internal sealed class RunTrackingStore(IStateStore inner) : IStateStore
{
    public IStateStore Inner => inner;

    public async Task<long> StartRunAsync(string fleet, string repository, string trigger, DateTimeOffset startedAt, CancellationToken cancellationToken)
    {
        var id = await inner.StartRunAsync(fleet, repository, trigger, startedAt, cancellationToken);
        if (RunIdHolder.Current is { } holder) holder.RunId = id;
        return id;
    }

    public Task MigrateAsync(CancellationToken cancellationToken) => inner.MigrateAsync(cancellationToken);

    public Task FinishRunAsync(RunRecord run, CancellationToken cancellationToken) => inner.FinishRunAsync(run, cancellationToken);

    public Task<IReadOnlyList<RunRecord>> ListRunsAsync(string? fleet, string? result, int limit, int offset, CancellationToken cancellationToken) =>
        inner.ListRunsAsync(fleet, result, limit, offset, cancellationToken);

    public Task<RunRecord?> GetRunAsync(long id, CancellationToken cancellationToken) => inner.GetRunAsync(id, cancellationToken);

    public Task<IReadOnlyDictionary<string, NodeSpecRecord>> GetAppliedAsync(string fleet, CancellationToken cancellationToken) => inner.GetAppliedAsync(fleet, cancellationToken);

    public Task SetAppliedAsync(string fleet, string node, NodeSpecRecord? spec, long runId, CancellationToken cancellationToken) =>
        inner.SetAppliedAsync(fleet, node, spec, runId, cancellationToken);

    public Task<PullRequestRecord?> GetOpenPullRequestAsync(string fleet, CancellationToken cancellationToken) => inner.GetOpenPullRequestAsync(fleet, cancellationToken);

    public Task<PullRequestRecord?> GetLatestPullRequestAsync(string fleet, CancellationToken cancellationToken) => inner.GetLatestPullRequestAsync(fleet, cancellationToken);

    public Task<PullRequestRecord> SavePullRequestAsync(PullRequestRecord pullRequest, CancellationToken cancellationToken) => inner.SavePullRequestAsync(pullRequest, cancellationToken);

    public Task<IReadOnlyList<PullRequestRecord>> ListPullRequestsAsync(string? fleet, PullRequestState? state, CancellationToken cancellationToken) =>
        inner.ListPullRequestsAsync(fleet, state, cancellationToken);

    public ValueTask DisposeAsync() => inner.DisposeAsync();
}
