namespace GitOpsFleet.Scripting;

/// <summary>
/// What one run of a scaling script decided. Only <see cref="ScalingOutcome.Succeeded"/> changes the pool:
/// every other outcome keeps <see cref="Replicas"/> at <see cref="ScalingInputs.Current"/> exactly as it is (not clamped),
/// because a broken script must not move a pool, and the loader already holds min/max for the pool itself.
/// </summary>
public sealed record ScalingEvaluation(
    string Path,
    ScalingOutcome Outcome,
    int? Wanted,
    int Replicas,
    bool Clamped,
    string? ClampExplanation,
    IReadOnlyList<string> Diagnostics,
    IReadOnlyList<string> Log,
    ScalingInputs Inputs,
    string ContentHash,
    bool CacheHit,
    TimeSpan Duration)
{
    public bool Succeeded => Outcome == ScalingOutcome.Succeeded;
}
