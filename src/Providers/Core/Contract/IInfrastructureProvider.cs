namespace GitOpsFleet.Providers;

/// <summary>
/// A place nodes run. Providers observe by fleet, not by pool: that is what lets a removed pool be
/// pruned and a node started by hand be seen. Providers never call back into a run.
/// </summary>
public interface IInfrastructureProvider
{
    /// <summary>The name pools use in <c>spec.provider</c> (local, ansible, azure).</summary>
    string Name { get; }

    /// <summary>
    /// Whether this provider can work here at all (tool installed, credentials present). Pools of an unavailable provider are skipped with the reason.
    /// Every run asks every provider, also those none of the fleet's pools use (their nodes of removed pools are still observed), so the
    /// check must be cheap: keep what costs a process once per process, and answer without looking when there is nothing to observe.
    /// </summary>
    ValueTask<ProviderAvailability> CheckAvailabilityAsync(FleetScope fleet, CancellationToken cancellationToken) =>
        ValueTask.FromResult(ProviderAvailability.Available);

    /// <summary>
    /// Whether this provider can run one pool here (its client installed at the pool's version). An unavailable pool is
    /// skipped with the reason and its nodes are left alone; the provider's other pools go on.
    /// </summary>
    ValueTask<ProviderAvailability> CheckPoolAsync(FleetScope fleet, Model.PoolSpec pool, CancellationToken cancellationToken) =>
        ValueTask.FromResult(ProviderAvailability.Available);

    /// <summary>
    /// The nodes a pool should have at the given replica count. The default numbers them
    /// <c>pool-0 … pool-(n-1)</c>; a provider whose unit is not a single machine (a scale set, an
    /// inventory group) returns its own layout.
    /// </summary>
    ValueTask<IReadOnlyList<DesiredNode>> LayoutAsync(FleetScope fleet, Model.PoolSpec pool, int replicas, CancellationToken cancellationToken) =>
        ValueTask.FromResult(DesiredNode.Numbered(fleet.Fleet, pool, replicas));

    /// <summary>Every node that carries the fleet's identity, including nodes of pools no longer in Git and nodes that died.</summary>
    Task<IReadOnlyList<ObservedNode>> ObserveAsync(FleetScope fleet, CancellationToken cancellationToken);

    Task<ActionResult> ApplyAsync(PlannedAction action, FleetScope fleet, CancellationToken cancellationToken);

    /// <summary>
    /// Asked before an approved replacement of a node that must never run twice (a pool with <c>replacement: manual</c>, a
    /// validator) starts: null when the old node is confirmed gone, else why it may still be running. A validator key
    /// signing from two places is slashed, so a provider that can look must say "still there" whenever it is not sure.
    /// The default cannot look and returns null: the approver vouches for it.
    /// </summary>
    Task<string?> ConfirmGoneAsync(PlannedAction action, FleetScope fleet, CancellationToken cancellationToken) => Task.FromResult<string?>(null);
}
