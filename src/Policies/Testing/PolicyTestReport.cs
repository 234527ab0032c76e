namespace GitOpsFleet.Policies.Testing;

/// <summary>All test results of a run; <see cref="Success"/> is what `policy test` turns into its exit code.</summary>
public sealed record PolicyTestReport(IReadOnlyList<PolicyTestResult> Results)
{
    public int Passed => Results.Count(r => r.Outcome == PolicyTestOutcome.Pass);

    public int Failed => Results.Count(r => r.Outcome == PolicyTestOutcome.Fail);

    public int Errors => Results.Count(r => r.Outcome == PolicyTestOutcome.Error);

    public int Skipped => Results.Count(r => r.Outcome == PolicyTestOutcome.Skip);

    /// <summary>No test failed or errored (skipped tests do not count against it).</summary>
    public bool Success => Failed == 0 && Errors == 0;

    /// <summary>What the tests reached, when the runner was asked for <see cref="PolicyTestRunner.Coverage"/>.</summary>
    public CoverageReport? Coverage { get; init; }
}
