using GitOpsFleet.Providers;
using GitOpsFleet.Model;
using GitOpsFleet.Reconciler.Forges;
using GitOpsFleet.Reconciler.Git;
using GitOpsFleet.Reconciler.Pipeline.Reports;
using GitOpsFleet.Reconciler.State;
using GitOpsFleet.Reconciler.Telemetry;

namespace GitOpsFleet.Reconciler.Pipeline.Steps;

/// <summary>
/// Reads the world as it is: every provider's nodes (the whole fleet, so removed pools and hand-started
/// nodes are seen), what was last applied, and what became of the fleet's drift pull request.
/// </summary>
internal sealed partial class ObserveStep(ProviderSet providers, IStateStore store) : IRunStep
{
    public string Name => "observe";

    public async Task<StepOutcome> RunAsync(RunContext context, CancellationToken cancellationToken)
    {
        var spec = context.Spec!;
        context.Progress("observing providers");
        string? snapshotDir = spec.Pools.Any(p => p.Ansible is not null) ? ExportFleetFolder(context) : null;
        foreach (var name in spec.Pools.Select(p => p.Provider).Distinct(StringComparer.Ordinal).Where(n => providers.Find(n) is null))
        {
            context.Unavailable[name] = $"the {name} provider is not enabled in this process";
            context.Progress($"provider {name} skipped: {context.Unavailable[name]}");
        }
        foreach (var provider in providers.All)
        {
            var scope = new FleetScope(spec.Name, context.Commit!, snapshotDir, spec, spec.Pools.Where(p => p.Provider == provider.Name).ToList());
            context.Scopes[provider.Name] = scope;
            var used = scope.Pools.Count > 0;
            var availability = await provider.CheckAvailabilityAsync(scope, cancellationToken);
            if (!availability.IsAvailable)
            {
                context.Unavailable[provider.Name] = availability.Reason ?? "not available";
                if (used) context.Progress($"provider {provider.Name} skipped: {availability.Reason}");
                continue;
            }
            foreach (var pool in scope.Pools)
            {
                var poolAvailability = await provider.CheckPoolAsync(scope, pool, cancellationToken);
                if (poolAvailability.IsAvailable) continue;
                context.SkippedPools[pool.Name] = poolAvailability.Reason ?? "not available";
                context.Progress($"pool {pool.Name} skipped: {context.SkippedPools[pool.Name]}");
            }
            using var span = ChildSpans.Start("provider.observe", TelemetryTags.Provider, provider.Name);
            try
            {
                context.Observed.AddRange(await provider.ObserveAsync(scope, cancellationToken));
            }
            catch (Exception ex) when (ChildSpans.Failed(span, ex)) { throw; }
            catch (Exception ex) when (ex is not OperationCanceledException)
            {
                // An unobservable provider is never read as empty: its pools are left alone this run.
                context.Unavailable[provider.Name] = $"cannot observe: {context.Redact(ex.Message)}";
                context.ObserveFailed |= used;
                context.Progress($"provider {provider.Name}: {context.Unavailable[provider.Name]}");
            }
        }
        await ReportFormerFleetsAsync(context, spec, cancellationToken);
        context.Reported = context.Reported with
        {
            Observed = ReportParts.Observed(context.Observed),
            UnavailableProviders = new Dictionary<string, string>(context.Unavailable, StringComparer.Ordinal),
        };
        context.Applied = await store.GetAppliedAsync(spec.Name, cancellationToken);
        context.Review = await ReviewPullRequestAsync(context, spec, cancellationToken);
        if (context.Review is { State: not PullRequestState.Closed })
        {
            context.EarlierClosedReviews = await store.ListPullRequestsAsync(spec.Name, PullRequestState.Closed, cancellationToken);
        }
        return StepOutcome.Continue($"{context.Observed.Count} node(s) observed", context.ObserveFailed ? "degraded" : "ok");
    }

    /// <summary>Mirrors the latest drift pull request from its forge: merged means Git accepted the drift, closed means Git wins.</summary>
    private async Task<PullRequestRecord?> ReviewPullRequestAsync(RunContext context, FleetSpec spec, CancellationToken cancellationToken)
    {
        if (context.Forge is null) return null;
        var latest = await store.GetLatestPullRequestAsync(spec.Name, cancellationToken);
        if (latest is null) return null;
        if (latest.State == PullRequestState.Open)
        {
            using var span = ChildSpans.Start("forge.refresh", TelemetryTags.Forge, context.Forge.Kind);
            try
            {
                latest = await context.Forge.RefreshAsync(latest, cancellationToken);
            }
            catch (Exception ex) when (ChildSpans.Failed(span, ex)) { throw; }
            catch (ForgeSyncException ex)
            {
                context.Progress($"cannot read pull request #{latest.Id} from the forge: {ex.Message}");
                return latest;
            }
        }
        if (latest.State == PullRequestState.Merged)
        {
            context.Reported = context.Reported with { PullRequestReview = new() { Id = latest.Id, State = "merged", Message = "merged: Git accepted what the machines look like" } };
        }
        else if (latest.State == PullRequestState.Closed)
        {
            context.Reported = context.Reported with { PullRequestReview = new() { Id = latest.Id, State = "closed", Message = "closed without merging: Git's state is restored" } };
        }
        return latest;
    }

    private static string? ExportFleetFolder(RunContext context)
    {
        var root = context.Snapshot!.ExportTo(context.SnapshotsRoot);
        return context.Files is SubdirectorySnapshot sub ? Path.Combine(root, sub.Folder) : root;
    }
}
