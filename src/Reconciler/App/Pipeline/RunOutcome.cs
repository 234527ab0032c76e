using GitOpsFleet.Providers;
using GitOpsFleet.Model;
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
    /// <summary>Every step of the run in order, with its outcome and duration.</summary>
    public IReadOnlyList<StepRecord> Steps { get; init; } = [];

    /// <summary>Set when the run ended on a transient problem: how soon it is worth trying again.</summary>
    public TimeSpan? RetryAfter { get; init; }

    /// <summary>The run as the state store now keeps it (the service shows and counts this, without reading it back).</summary>
    public RunRecord? Record { get; init; }

    /// <summary><see cref="Record"/>'s document, typed (read once here, so the service's readers do not each parse it).</summary>
    public Reports.RunReport? Report { get; init; }

    /// <summary>The fleet's reconcile settings at the commit the run read (the service's schedule follows them); null if it did not load.</summary>
    public ReconcileSettings? Reconcile { get; init; }

    public bool HasOutstandingDrift => Drift is { OutstandingCount: > 0 };
}
