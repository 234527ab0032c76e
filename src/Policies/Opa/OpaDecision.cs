using GitOpsFleet.Policies.Values;

namespace GitOpsFleet.Policies.Opa;

/// <summary>The server's answer: the document (null when undefined), its decision id if it logs decisions, and the attempts it took.</summary>
public sealed record OpaDecision(Value? Result, string? DecisionId, int Attempts, TimeSpan Elapsed)
{
    public bool IsDefined => Result is not null;
}
