namespace GitOpsFleet.Reconciler.Service;

/// <summary>Why a run is wanted: a schedule's fire, a webhook's push, a person through the API.</summary>
internal sealed record RunRequest(string Trigger, string? Commit, DateTimeOffset RequestedAt, DateTimeOffset? ScheduledAt = null)
{
    public bool IsScheduled => ScheduledAt is not null;
}

internal enum RunRequestResult { Started, Coalesced, UnknownFleet, ShuttingDown }
