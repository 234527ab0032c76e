namespace GitOpsFleet.Policies.Conformance;

/// <summary>Outcome of a conformance run: totals, per-topic counts and the failing cases.</summary>
public sealed record ConformanceReport(
    int Passed,
    int Failed,
    int Skipped,
    IReadOnlyList<ConformanceTopic> Topics,
    IReadOnlyList<ConformanceFailure> Failures)
{
    public int Total => Passed + Failed + Skipped;

    /// <summary>"N passed, N failed" plus ", N skipped" when any were skipped.</summary>
    public string Summary => Skipped > 0 ? $"{Passed} passed, {Failed} failed, {Skipped} skipped" : $"{Passed} passed, {Failed} failed";
}
