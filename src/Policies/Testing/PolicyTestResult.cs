using GitOpsFleet.Policies.Syntax;

namespace GitOpsFleet.Policies.Testing;

/// <summary>One test rule's outcome, with the print() output it produced.</summary>
public sealed record PolicyTestResult(
    string Package,
    string Name,
    PolicyTestOutcome Outcome,
    TimeSpan Duration,
    SourceLocation? Location,
    RegoDiagnostic? Error,
    IReadOnlyList<string> Output)
{
    /// <summary>"data.pkg.test_name".</summary>
    public string FullName => $"data.{Package}.{Name}";
}
