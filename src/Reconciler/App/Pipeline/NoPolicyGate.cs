using System.Text.Json.Nodes;

namespace GitOpsFleet.Reconciler.Pipeline;

/// <summary>Used only until the Rego gate is wired in: allows, and says plainly that no policy was evaluated.</summary>
internal sealed class NoPolicyGate : IPolicyGate
{
    public Task<PolicyDecision> EvaluateAsync(PolicyGateInput input, CancellationToken cancellationToken) =>
        Task.FromResult(new PolicyDecision(true, "no policy engine configured: nothing evaluated", [], [], new JsonArray()));
}
