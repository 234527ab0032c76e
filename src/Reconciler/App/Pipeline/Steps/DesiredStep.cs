using GitOpsFleet.Providers;
using GitOpsFleet.Model;
using GitOpsFleet.Reconciler.Pipeline.Reports;

namespace GitOpsFleet.Reconciler.Pipeline.Steps;

/// <summary>What the fleet should be: each pool's replica count (scaling scripts) and its node layout (the providers name the nodes).</summary>
internal sealed class DesiredStep(IDesiredStateStep desiredState, ProviderSet providers) : IRunStep
{
    public string Name => "desired";

    public bool Reusable => true;

    public async Task<StepOutcome> RunAsync(RunContext context, CancellationToken cancellationToken)
    {
        var spec = context.Spec!;
        context.Progress("computing desired replicas");
        var current = context.Observed.Where(n => n.State != NodeState.Dead && n.Pool is not null)
            .GroupBy(n => n.Pool!).ToDictionary(g => g.Key, g => g.Sum(n => n.Capacity), StringComparer.Ordinal);
        var desired = await desiredState.ComputeAsync(spec, context.Commit!, context.Files!, current, context.Observed, cancellationToken);
        context.Desired = desired.Fleet;
        foreach (var pool in desired.Fleet.Pools)
        {
            if (context.Unavailable.ContainsKey(pool.Spec.Provider) || context.SkippedPools.ContainsKey(pool.Spec.Name) || providers.Find(pool.Spec.Provider) is not { } provider) continue;
            try
            {
                context.Layouts[pool.Spec.Name] = await provider.LayoutAsync(context.Scopes[provider.Name], pool.Spec, pool.Replicas, cancellationToken);
            }
            catch (Exception ex) when (ex is not OperationCanceledException)
            {
                // A pool that cannot be laid out is left alone, like an unobservable provider.
                context.Unavailable[pool.Spec.Provider] = $"cannot lay out pool {pool.Spec.Name}: {context.Redact(ex.Message)}";
                context.ObserveFailed = true;
            }
        }
        context.Reported = context.Reported with { Desired = ReportParts.Desired(desired.Fleet), Scaling = ReportParts.Scaling(desired.Details) };
        return StepOutcome.Continue(string.Join(", ", desired.Fleet.Pools.Select(p => $"{p.Spec.Name}={p.Replicas}")));
    }
}
