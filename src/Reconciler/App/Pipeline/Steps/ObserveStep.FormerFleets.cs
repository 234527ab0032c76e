using GitOpsFleet.Loading;
using GitOpsFleet.Providers;
using GitOpsFleet.Model;
using GitOpsFleet.Reconciler.Git;
using GitOpsFleet.Reconciler.Pipeline.Reports;
using GitOpsFleet.Reconciler.Planning;

namespace GitOpsFleet.Reconciler.Pipeline.Steps;

internal sealed partial class ObserveStep
{
    /// <summary>
    /// Finds nodes of this fleet's former names. Nodes carry their fleet's name but not the repository, so a
    /// fleet renamed in Git (metadata.name) would leave its old nodes running unobserved beside a new set.
    /// The store knows which names ran from this repository and folder; their live managed nodes are reported
    /// as a warning and otherwise left alone: they are never counted as this fleet's, and never deleted,
    /// because only a person knows whether the rename was meant (and a validator must not run twice).
    /// </summary>
    private async Task ReportFormerFleetsAsync(RunContext context, FleetSpec spec, CancellationToken cancellationToken)
    {
        var repository = context.Target.Location.Display;
        var former = (await store.ListFleetsOfSourceAsync(repository, LoadStep.FleetPath(context.Target), cancellationToken))
            .Where(name => !string.Equals(name, spec.Name, StringComparison.Ordinal))
            .ToList();
        if (former.Count == 0) return;

        var found = new List<(string Fleet, ObservedNode Node)>();
        foreach (var name in former)
        {
            // The old fleet's settings are not known any more; today's (Azure subscription, forge) are the best guess.
            var scope = new FleetScope(name, context.Commit!, null, spec with { Name = name, Pools = [] }, []);
            foreach (var provider in providers.All.Where(p => !context.Unavailable.ContainsKey(p.Name)))
            {
                try
                {
                    var nodes = await provider.ObserveAsync(scope, cancellationToken);
                    found.AddRange(nodes.Where(n => n.Managed && n.State != NodeState.Dead && n.Fleet == name).Select(n => (name, n)));
                }
                catch (Exception ex) when (ex is not OperationCanceledException)
                {
                    context.Progress($"cannot look for nodes of former fleet {name} with provider {provider.Name}: {context.Redact(ex.Message)}");
                }
            }
        }
        if (found.Count == 0) return;

        var path = context.Files is SubdirectorySnapshot sub ? sub.Full(spec.SourcePath) : spec.SourcePath;
        var diagnostics = context.Diagnostics.ToList();
        var report = new List<FormerFleetReport>();
        foreach (var group in found.GroupBy(f => f.Fleet, StringComparer.Ordinal))
        {
            var names = group.Select(f => f.Node.Name).Order(NaturalComparer.Instance).ToList();
            var message = $"fleet {group.Key} was reconciled from this repository and folder before it was named {spec.Name}; "
                + $"its node(s) {string.Join(", ", names)} still run and are not part of {spec.Name}. They are kept until a person stops them "
                + $"(or renames the fleet back to {group.Key}).";
            diagnostics.Add(new Diagnostic(DiagnosticCodes.FormerFleetNodes, DiagnosticSeverity.Warning, message, path, 0, 0));
            context.Progress(message);
            report.Add(new FormerFleetReport { Fleet = group.Key, Nodes = names });
        }
        context.Diagnostics = diagnostics;
        context.Reported = context.Reported with { Diagnostics = ReportParts.Diagnostics(diagnostics), FormerFleets = report };
    }
}
