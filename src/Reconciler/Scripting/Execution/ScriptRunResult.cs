using GitOpsFleet.Scripting.Sandbox;

namespace GitOpsFleet.Scripting.Execution;

/// <summary>What one in-process run of a script gave: a count on success, else the diagnostic that stopped it.</summary>
internal sealed record ScriptRunResult(
    ScalingOutcome Outcome,
    int? Wanted,
    IReadOnlyList<ScriptDiagnostic> Diagnostics,
    IReadOnlyList<string> Log,
    IReadOnlyList<MetricsQueryRecord> Queries);
