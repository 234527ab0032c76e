using System.Diagnostics;

namespace GitOpsFleet.Reconciler.Service;

/// <summary>
/// Why a run is wanted: a schedule's fire, a webhook's push, a person through the API. <see cref="Trace"/> is the
/// span of the HTTP request that asked (a webhook's delivery, an API call), so the run's trace continues it.
/// </summary>
internal sealed record RunRequest(string Trigger, string? Commit, DateTimeOffset RequestedAt, DateTimeOffset? ScheduledAt = null, ActivityContext? Trace = null)
{
    public bool IsScheduled => ScheduledAt is not null;
}

internal enum RunRequestResult { Started, Coalesced, UnknownFleet, ShuttingDown }
