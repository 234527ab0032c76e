using GitOpsFleet.Providers;
using GitOpsFleet.Model;
using GitOpsFleet.Reconciler.Pipeline.Reports;
using GitOpsFleet.Reconciler.Planning;

namespace GitOpsFleet.Reconciler.Pipeline;

/// <summary>
/// What a full run that settled (nothing to apply, no drift, every step clean) left for the next runs of its fleet:
/// the loaded fleet of <see cref="Commit"/>, and the desired fleet, plan and policy decision that followed from it and
/// from the world as <see cref="ObservedKey"/> sums it up. A later run with the same commit and the same key would
/// compute the same things, so it reuses them instead.
/// </summary>
internal sealed record SettledRun(
    long RunId,
    DateTimeOffset At,
    string Commit,
    string ObservedKey,
    FleetSpec Spec,
    IReadOnlyList<Diagnostic> Diagnostics,
    DesiredFleet Desired,
    IReadOnlyDictionary<string, IReadOnlyList<DesiredNode>> Layouts,
    Plan Plan,
    PolicyDecision Decision,
    RunReport Report);
