namespace GitOpsFleet.Reconciler.State.Leases;

/// <summary>
/// Per-fleet leases in the state store: the one guarantee that two runs of one fleet never overlap,
/// across webhooks, schedules and replicas. A lease expires on its own when its holder dies.
/// </summary>
internal interface ILeaseStore
{
    /// <summary>Takes the fleet's lease if it is free, expired, or already held by <paramref name="holder"/>.</summary>
    Task<bool> TryAcquireAsync(string fleet, string holder, TimeSpan duration, CancellationToken cancellationToken);

    /// <summary>Extends a held lease; false if it was lost (expired and taken by another holder).</summary>
    Task<bool> RenewAsync(string fleet, string holder, TimeSpan duration, CancellationToken cancellationToken);

    Task ReleaseAsync(string fleet, string holder, CancellationToken cancellationToken);
}
