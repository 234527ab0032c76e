using System.Text.Json.Nodes;
using GitOpsFleet.Providers;
using GitOpsFleet.Model;
using GitOpsFleet.Reconciler.Planning;

namespace GitOpsFleet.Reconciler.Pipeline;

/// <summary>Admission and plan-stage policy evaluation. Implementations fail closed.</summary>
internal interface IPolicyGate
{
    Task<PolicyDecision> EvaluateAsync(PolicyGateInput input, CancellationToken cancellationToken);
}

internal sealed record PolicyGateInput(FleetSpec Spec, DesiredFleet Desired, ISourceSnapshot Snapshot, IReadOnlyList<ObservedNode> Observed, Plan Plan, long RunId);

/// <summary>The outcome of both stages. <see cref="Decisions"/> holds one entry per stage with id, revision, input hash and timing.</summary>
internal sealed record PolicyDecision(bool Allowed, string Summary, IReadOnlyList<string> Denials, IReadOnlyList<string> Warnings, JsonArray Decisions);
