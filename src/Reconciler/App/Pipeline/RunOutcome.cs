using GitOpsFleet.Providers;
using GitOpsFleet.Providers.Model;
using GitOpsFleet.Reconciler.Drift;
using GitOpsFleet.Reconciler.Planning;
using GitOpsFleet.Reconciler.State;

namespace GitOpsFleet.Reconciler.Pipeline;

/// <summary>What one run did; the CLI turns it into output and an exit code.</summary>
internal sealed record RunOutcome(
    long RunId,
    string Fleet,
    string Result,
    string? Commit,
    IReadOnlyList<Diagnostic> Diagnostics,
    Plan? Plan,
    IReadOnlyList<ActionResult> Results,
    DriftReport? Drift,
    PullRequestRecord? PullRequest,
    string? Error)
{
    public bool HasOutstandingDrift => Drift is { Items.Count: > 0 };
}
