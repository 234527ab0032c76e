namespace GitOpsFleet.Reconciler.Pipeline;

/// <summary>The stable result words of a run (API, `runs list --result`, metrics).</summary>
internal static class RunResults
{
    /// <summary>The run has started and not finished (or its process died and no one has opened the store since).</summary>
    public const string Running = "running";
    public const string Succeeded = "succeeded";
    public const string NoChanges = "no-changes";
    public const string Planned = "planned";
    public const string Drift = "drift";
    public const string Failed = "failed";
    public const string Invalid = "invalid";
    public const string Unreachable = "unreachable";
    /// <summary>The server answered, but the fleet's branch or tag is not on it (deleted, renamed, never pushed).</summary>
    public const string RefMissing = "ref-missing";
    public const string Refused = "refused";
    public const string Denied = "denied";
    public const string Waiting = "waiting-approval";
    public const string Cancelled = "cancelled";
    /// <summary>Its process died mid-run (kill -9, a crash, a reboot); set by the next process that opens the store.</summary>
    public const string Interrupted = "interrupted";
}
