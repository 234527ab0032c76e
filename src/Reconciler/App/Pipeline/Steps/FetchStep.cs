using LibGit2Sharp;
using GitOpsFleet.Reconciler.Git;
using GitOpsFleet.Reconciler.Pipeline.Reports;

namespace GitOpsFleet.Reconciler.Pipeline.Steps;

/// <summary>Fetches the fleet's commit. A source that cannot be fetched, or lacks the ref, is never read as an empty fleet: the run retries later, or stalls naming the ref.</summary>
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
        catch (GitSourceException ex) when (ex.MissingRef is not null)
        {
            // The server answered without the ref. Reading that as an empty fleet would delete every node, and backing
            // off as if it were down would hide that a person must act; the next poll still fetches, so a push mends it.
            return StepOutcome.Stalled(RunResults.RefMissing, ex.Message);
        }
        catch (GitSourceException ex)
        {
            return StepOutcome.Retry(RunResults.Unreachable, ex.Message, RetryDelay);
        }
        var snapshot = context.Snapshot;
        context.Commit = snapshot.Commit;
        context.Reported = context.Reported with { Commit = snapshot.Commit, Ref = snapshot.Ref, CommitMessage = snapshot.Message };
        if (target.Commit is { } announced && Relation(snapshot, announced) is { } note)
        {
            context.Reported = context.Reported with { AnnouncedCommit = new AnnouncedCommitReport(announced, note) };
            context.Progress(note);
        }
        context.Files = target.Path is { Length: > 0 } path && path.Trim('/', '.').Length > 0 ? new SubdirectorySnapshot(snapshot, path) : snapshot;
        return StepOutcome.Continue($"{snapshot.Ref} at {snapshot.Commit[..12]} \"{snapshot.Message}\"{(target.Path is { Length: > 0 } folder ? $", fleet in {folder}/" : "")}");
    }

    /// <summary>
    /// Why the run reads another commit than the one a webhook announced, or null when they are the same. A run always
    /// reconciles the ref's head: an older commit would undo what came after it.
    /// </summary>
    internal static string? Relation(GitSnapshot snapshot, string announced)
    {
        if (string.Equals(announced, snapshot.Commit, StringComparison.OrdinalIgnoreCase)) return null;
        var head = snapshot.Commit[..12];
        var shown = announced.Length > 12 ? announced[..12] : announced;
        if (announced.Length is < 7 or > 64 || !announced.All(char.IsAsciiHexDigit))
        {
            return $"the webhook announced '{shown}', which is not a commit id; reconciling {snapshot.Ref} at {head}";
        }
        var commit = snapshot.Repository.Lookup<Commit>(announced);
        if (commit is null)
        {
            return $"the webhook announced commit {shown}, which {snapshot.Ref} does not hold (force-pushed away, or on another branch); reconciling its head {head}";
        }
        var mergeBase = snapshot.Repository.ObjectDatabase.FindMergeBase(commit, snapshot.CommitObject);
        return mergeBase?.Sha == commit.Sha
            ? $"the webhook announced commit {shown}; {snapshot.Ref} has moved on to {head}, which includes it: reconciling {head}"
            : $"the webhook announced commit {shown}, which is not on {snapshot.Ref} (force-pushed away, or on another branch); reconciling its head {head}";
    }
}
