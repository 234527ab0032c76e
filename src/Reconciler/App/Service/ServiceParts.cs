using GitOpsFleet.Reconciler.Hosting;
using GitOpsFleet.Reconciler.Pipeline;
using GitOpsFleet.Reconciler.State.Leases;
using GitOpsFleet.Reconciler.State;

namespace GitOpsFleet.Reconciler.Service;

/// <summary>What the service runs on: the state store, the leases and the run executor (the pipeline, or a stub in benchmarks).</summary>
internal sealed class ServiceParts(IStateStore store, ILeaseStore leases, IFleetRunExecutor executor, Func<ValueTask> dispose) : IAsyncDisposable
{
    public IStateStore Store { get; } = store;
    public ILeaseStore Leases { get; } = leases;
    public IFleetRunExecutor Executor { get; } = executor;

    /// <summary>The real parts: the state store the options name (wrapped so run ids reach the logs) and the reconcile pipeline over it.</summary>
    public static async Task<ServiceParts> CreateAsync(StateHome home, StateLocation state, TimeSpan reuseUnchangedRunsFor, TimeProvider time, CancellationToken cancellationToken)
    {
        IStateStore inner;
        ILeaseStore leases;
        IAsyncDisposable? leaseOwner = null;
        if (state.Kind == StateKind.Postgres)
        {
            var pg = await PostgresStateStore.OpenAsync(state.Target, cancellationToken);
            inner = pg;
            leases = pg;
        }
        else
        {
            inner = await SqliteStateStore.OpenAsync(state.Target, time, cancellationToken);
            var sqliteLeases = await SqliteLeaseStore.OpenAsync(state.Target, time, cancellationToken);
            leases = sqliteLeases;
            leaseOwner = sqliteLeases;
        }
        var app = await AppComposition.CreateAsync(home, inner, time, cancellationToken);
        return new ServiceParts(inner, leases, new PipelineRunExecutor(app.Pipeline, new SettledRuns(reuseUnchangedRunsFor)), async () =>
        {
            await app.DisposeAsync();
            if (leaseOwner is not null) await leaseOwner.DisposeAsync();
        });
    }

    public ValueTask DisposeAsync() => dispose();
}
