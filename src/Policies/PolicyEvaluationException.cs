namespace GitOpsFleet.Policies;

/// <summary>A query that failed to evaluate (conflict, strict builtin error, recursion, step budget).</summary>
public sealed class PolicyEvaluationException(RegoDiagnostic diagnostic) : Exception(diagnostic.ToString())
{
    public RegoDiagnostic Diagnostic { get; } = diagnostic;
}
