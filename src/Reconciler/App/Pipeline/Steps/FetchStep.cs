using GitOpsFleet.Reconciler.Git;

namespace GitOpsFleet.Reconciler.Pipeline.Steps;

/// <summary>Fetches the fleet's commit. A source that cannot be fetched is never read as an empty fleet: the run retries later.</summary>
internal sealed class FetchStep(GitSource git) : IRunStep
{
    /// <summary>How soon an unreachable source is worth trying again (the scheduler's backoff may wait longer).</summary>
    internal static readonly TimeSpan RetryDelay = TimeSpan.FromSeconds(30);

    public string Name => "fetch";

    public async Task<StepOutcome> RunAsync(RunContext context, CancellationToken cancellationToken)
    {
        var target = context.Target;
        context.Progress($"fetching {target.Location.Display}{(target.Ref is { } r ? "@" + r : "")}");
        try
        {
            context.Snapshot = await git.FetchAsync(target.Location, target.Ref, target.Credentials, cancellationToken);
        }
        catch (GitSourceException ex)
        {
            return StepOutcome.Retry(RunResults.Unreachable, ex.Message, RetryDelay);
        }
        var snapshot = context.Snapshot;
        context.Commit = snapshot.Commit;
        context.Reported = context.Reported with { Commit = snapshot.Commit, Ref = snapshot.Ref, CommitMessage = snapshot.Message };
        context.Files = target.Path is { Length: > 0 } path && path.Trim('/', '.').Length > 0 ? new SubdirectorySnapshot(snapshot, path) : snapshot;
        return StepOutcome.Continue($"{snapshot.Ref} at {snapshot.Commit[..12]} \"{snapshot.Message}\"{(target.Path is { Length: > 0 } folder ? $", fleet in {folder}/" : "")}");
    }
}
