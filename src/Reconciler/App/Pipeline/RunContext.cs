using GitOpsFleet.Providers;
using GitOpsFleet.Model;
using GitOpsFleet.Reconciler.Drift;
using GitOpsFleet.Reconciler.Forges;
using GitOpsFleet.Reconciler.Git;
using GitOpsFleet.Reconciler.Pipeline.Reports;
using GitOpsFleet.Reconciler.Planning;
using GitOpsFleet.Reconciler.State;

namespace GitOpsFleet.Reconciler.Pipeline;

/// <summary>
/// The state of one run as it moves through its steps. Each step reads what earlier steps left here
/// and adds its own part; <see cref="Reported"/> is the run record's document so far, to which the steps add
/// what a person needs to explain the run later.
/// </summary>
internal sealed class RunContext(long runId, FleetTarget target, RunMode mode, RunReport reported, IRunReporter reporter)
{
    public long RunId { get; } = runId;
    public FleetTarget Target { get; } = target;
    public RunMode Mode { get; } = mode;
    /// <summary>Replaced, never changed: each step sets its part with <c>with</c>.</summary>
    public RunReport Reported { get; set; } = reported;
    public IRunReporter Reporter { get; } = reporter;
    public string SnapshotsRoot { get; init; } = "";

    /// <summary>Removes this run's Git credentials from text that came from outside (errors of providers, forges, Git).</summary>
    public Func<string, string> Redact { get; init; } = text => text;

    /// <summary>The name of the step that is running, so progress lines are labelled without each step saying so.</summary>
    public string CurrentStep { get; set; } = "";

    public void Progress(string message) => Reporter.Stage(CurrentStep, message);

    // reuse (the service only; see SettledRuns)
    /// <summary>Whether this run may reuse a settled run, and must sum up what it observed so a later run can reuse it.</summary>
    public bool ReuseEnabled { get; init; }
    /// <summary>The fleet's last settled run, which this run reuses if its commit and observed state are the same.</summary>
    public SettledRun? Settled { get; init; }
    /// <summary>Set once observe has run, when <see cref="ReuseEnabled"/>.</summary>
    public string? ObservedKey { get; set; }
    /// <summary>The settled run whose desired fleet, plan and decision this run took instead of computing them.</summary>
    public SettledRun? ReusedFrom { get; set; }

    // fetch
    public GitSnapshot? Snapshot { get; set; }
    /// <summary>The fleet's files: the commit, or the fleet's folder of it.</summary>
    public ISourceSnapshot? Files { get; set; }
    public string? Commit { get; set; }

    // load
    public FleetSpec? Spec { get; set; }
    public string? FleetName { get; set; }
    public IReadOnlyList<Diagnostic> Diagnostics { get; set; } = [];
    public IForge? Forge { get; set; }
    public string? ForgeProblem { get; set; }

    // observe
    public Dictionary<string, string> Unavailable { get; } = new(StringComparer.Ordinal);
    /// <summary>Pools an available provider cannot run here (a client not installed), with the reason: left alone this run.</summary>
    public Dictionary<string, string> SkippedPools { get; } = new(StringComparer.Ordinal);
    public List<ObservedNode> Observed { get; } = [];
    public Dictionary<string, FleetScope> Scopes { get; } = new(StringComparer.Ordinal);
    /// <summary>A provider that has pools in this fleet could not be observed: the run cannot count as a success.</summary>
    public bool ObserveFailed { get; set; }
    /// <summary>The last-applied records as observe read them (apply adds the agreements it records).</summary>
    public IReadOnlyDictionary<string, NodeSpecRecord> Applied { get; set; } = new Dictionary<string, NodeSpecRecord>();
    /// <summary>The fleet's latest drift pull request as its forge sees it now (merged, closed, open), if any.</summary>
    public PullRequestRecord? Review { get; set; }
    /// <summary>
    /// The fleet's drift pull requests a reviewer closed without merging, when the latest is not one of them: a reviewer's
    /// answer to a drift stands even after other pull requests came and went (read only where a forge is set).
    /// </summary>
    public IReadOnlyList<PullRequestRecord> EarlierClosedReviews { get; set; } = [];

    // desired
    public DesiredFleet? Desired { get; set; }
    public Dictionary<string, IReadOnlyList<DesiredNode>> Layouts { get; } = new(StringComparer.Ordinal);

    // plan, policy, apply
    public Plan? Plan { get; set; }
    public PolicyDecision? Decision { get; set; }
    public IReadOnlyList<ActionResult> Results { get; set; } = [];
    /// <summary>The result the run ends with if every step continues (apply and drift report set it).</summary>
    public string Result { get; set; } = RunResults.NoChanges;

    // drift report, drift pull request
    /// <summary>The drift the report will hold: what is outstanding, and the dead nodes this run replaced (marked repaired).</summary>
    public IReadOnlyList<DriftItem> DriftToReport { get; set; } = [];
    public DriftReport? Report { get; set; }
    public PullRequestRecord? PullRequest { get; set; }
}
