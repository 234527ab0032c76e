namespace GitOpsFleet.Reconciler.Pipeline;

/// <summary>
/// What a run's result asks of the service next, the way Flux's conditions say it: settled (keep the interval),
/// stalled (running again on the same commit gives the same answer: wait for a new commit or a person, without
/// backing off), or retry and failed (something went wrong that may pass: back off).
/// </summary>
internal enum RunDisposition
{
    Settled,
    Stalled,
    Retry,
    Failed,
}

internal static class RunDispositions
{
    public static RunDisposition Of(string result) => result switch
    {
        RunResults.Succeeded or RunResults.NoChanges or RunResults.Planned or RunResults.Drift or RunResults.Running => RunDisposition.Settled,
        RunResults.Invalid or RunResults.RefMissing or RunResults.Refused or RunResults.Denied or RunResults.Waiting => RunDisposition.Stalled,
        RunResults.Unreachable or RunResults.Cancelled or RunResults.Interrupted => RunDisposition.Retry,
        _ => RunDisposition.Failed,
    };

    /// <summary>The word `runs list` shows in its OUTCOME column (`outcome` with --json).</summary>
    public static string Word(this RunDisposition disposition) => disposition.ToString().ToLowerInvariant();
}
