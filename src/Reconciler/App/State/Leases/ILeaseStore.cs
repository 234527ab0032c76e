namespace GitOpsFleet.Reconciler.State.Leases;

/// <summary>
/// Per-fleet leases in the state store: the one guarantee that two runs of one fleet never overlap,
/// across webhooks, schedules and replicas. A lease expires on its own when its holder dies.
/// </summary>
internal interface ILeaseStore
{
    /// <summary>
    /// Takes the fleet's lease if it is free, expired, or already held by <paramref name="holder"/>. Taking an expired
    /// lease from another holder says whose it was: that holder stopped renewing in the middle of a run (killed, hung, cut
    /// off), so its run never finished and the new holder marks it interrupted.
    /// </summary>
    Task<LeaseGrant> TryAcquireAsync(string fleet, string holder, TimeSpan duration, CancellationToken cancellationToken);

    /// <summary>Extends a held lease; false if it was lost (expired and taken by another holder).</summary>
    Task<bool> RenewAsync(string fleet, string holder, TimeSpan duration, CancellationToken cancellationToken);

    Task ReleaseAsync(string fleet, string holder, CancellationToken cancellationToken);
}

/// <summary>The answer to a lease request: whether it was taken, and whose expired lease it replaced (null when the lease was free or ours).</summary>
internal readonly record struct LeaseGrant(bool Acquired, string? ExpiredHolder = null)
{
    public static LeaseGrant Refused => new(false);
}
