using GitOpsFleet.Loading;
using GitOpsFleet.Model;
using GitOpsFleet.Reconciler.Forges;
using GitOpsFleet.Reconciler.Git;
using GitOpsFleet.Reconciler.Pipeline.Reports;

namespace GitOpsFleet.Reconciler.Pipeline.Steps;

/// <summary>Loads and validates fleet.yaml and pools/. A fleet that does not load is not reconciled at all: a person must fix it.</summary>
internal sealed class LoadStep(FleetLoader loader, FleetLoadOptions options, ForgeFactory forges, IDesiredStateStep desiredState) : IRunStep
{
    public string Name => "load";

    public Task<StepOutcome> RunAsync(RunContext context, CancellationToken cancellationToken)
    {
        if (context.Settled is { } settled && settled.Commit == context.Commit)
        {
            // The same commit loads to the same fleet: the settled run's is taken, and observe reads the world with it.
            Use(context, settled.Spec, settled.Diagnostics);
            return Task.FromResult(StepOutcome.Continue($"fleet {settled.Spec.Name}: {settled.Spec.Pools.Count} pool(s), as loaded by run {settled.RunId}", "reused"));
        }
        context.Progress("loading fleet.yaml and pools/");
        var files = context.Files!;
        var loaded = loader.Load(files, options, cancellationToken);
        context.Diagnostics = files is SubdirectorySnapshot sub ? loaded.Diagnostics.Select(d => d with { Path = sub.Full(d.Path) }).ToList() : loaded.Diagnostics;
        context.Reported = context.Reported with { Diagnostics = ReportParts.Diagnostics(context.Diagnostics) };
        if (!loaded.Succeeded || loaded.Fleet is null)
        {
            var errors = context.Diagnostics.Count(d => d.Severity == DiagnosticSeverity.Error);
            return Task.FromResult(StepOutcome.Stalled(RunResults.Invalid,
                $"the fleet at {context.Commit![..12]} does not load ({errors} problem(s)); nothing was applied", "failed"));
        }
        var spec = loaded.Fleet;
        if (context.Target.Policy is { } policySource)
        {
            // The service's fleet list may name the security team's policy repository; it wins over fleet.yaml.
            spec = spec with { Policies = spec.Policies with { Source = policySource } };
        }
        Use(context, spec, context.Diagnostics);
        desiredState.Prepare(spec);
        return Task.FromResult(StepOutcome.Continue($"fleet {spec.Name}: {spec.Pools.Count} pool(s)"));
    }

    private void Use(RunContext context, FleetSpec spec, IReadOnlyList<Diagnostic> diagnostics)
    {
        context.Diagnostics = diagnostics;
        context.Spec = spec;
        context.FleetName = spec.Name;
        // Which folder this fleet was loaded from: the next runs find a fleet renamed in Git by it.
        context.Reported = context.Reported with { FleetPath = FleetPath(context.Target), Diagnostics = ReportParts.Diagnostics(diagnostics) };
        try
        {
            context.Forge = forges.For(spec.Forge);
        }
        catch (ForgeConfigurationException ex)
        {
            // Without a forge the run still reconciles; drift is kept in the run record instead of a pull request.
            context.ForgeProblem = ex.Message;
            context.Progress($"forge {spec.Forge.Kind}: {ex.Message}");
        }
    }

    /// <summary>The fleet's folder in its repository as runs record it: "" for the root, no leading or trailing slash.</summary>
    public static string FleetPath(FleetTarget target) => (target.Path ?? "").Trim('/');
}
