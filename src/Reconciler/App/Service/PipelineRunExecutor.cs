using GitOpsFleet.Loading;
using GitOpsFleet.Providers.Model;
using GitOpsFleet.Reconciler.Git;
using GitOpsFleet.Reconciler.Pipeline;
using LibGit2Sharp;

namespace GitOpsFleet.Reconciler.Service;

/// <summary>Runs the real pipeline in reconcile mode; reads specs from the pipeline's own bare clones.</summary>
internal sealed class PipelineRunExecutor(ReconcilePipeline pipeline, GitSource git) : IFleetRunExecutor
{
    public Task<RunOutcome> RunAsync(FleetTarget target, string trigger, IRunReporter reporter, CancellationToken cancellationToken) =>
        pipeline.RunAsync(target, RunMode.Reconcile, trigger, reporter, cancellationToken);

    public FleetSpec? ReadSpec(FleetTarget target, string commit)
    {
        var path = git.ClonePath(target.Location);
        if (!Repository.IsValid(path)) return null;
        try
        {
            using var repo = new Repository(path);
            if (repo.Lookup<Commit>(commit) is not { } c) return null;
            // The snapshot only borrows the repository, which the using above disposes.
            var snapshot = new GitSnapshot(repo, c, target.Ref ?? "HEAD");
            var loaded = new FleetLoader().Load(snapshot);
            return loaded.Succeeded ? loaded.Fleet : null;
        }
        catch (LibGit2SharpException)
        {
            // Another run may be fetching into the clone; the spec is read again after the next run.
            return null;
        }
    }
}
