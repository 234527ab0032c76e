using System.Text.Json;
using System.Text.Json.Nodes;
using System.Text.Json.Serialization;
using GitOpsFleet.Reconciler.State;

namespace GitOpsFleet.Reconciler.Pipeline.Reports;

/// <summary>
/// A run record's document, typed. The JSON names are those the pipeline has always written, so a record
/// stored by any earlier version reads into this; keys it does not know (and those only old records have)
/// are kept in <see cref="Extra"/> and written back unchanged.
/// The run's own columns (id, fleet, trigger, times, summary) are not part of the document:
/// <see cref="Read(RunRecord)"/> fills them from the record.
/// </summary>
internal sealed record RunReport
{
    [JsonIgnore] public long RunId { get; init; }
    [JsonIgnore] public string Fleet { get; init; } = "";
    [JsonIgnore] public string Trigger { get; init; } = "";
    [JsonIgnore] public DateTimeOffset StartedAt { get; init; }
    [JsonIgnore] public DateTimeOffset? FinishedAt { get; init; }
    [JsonIgnore] public string Summary { get; init; } = "";

    // The generated serializer sets every init property it knows, absent keys to null; those with a default
    // coerce null back to it, so a record missing a list or a word reads as empty.
    public string? Mode { get; init; }
    public string? Repository { get; init; }
    public string? Ref { get; init; }
    public string? Commit { get; init; }
    public string? CommitMessage { get; init; }
    public AnnouncedCommitReport? AnnouncedCommit { get; init; }
    public string? FleetPath { get; init; }
    public string? Result { get; init; }
    public string? Error { get; init; }
    public RunTiming? Timing { get; init; }
    /// <summary>
    /// The run whose desired fleet, plan and policy decision this run reused: its commit and what it observed were the
    /// same (the service only; desired, plan and decisions below are that run's).
    /// </summary>
    public long? ReusedFrom { get; init; }
    /// <summary>Set when the run ended on a transient problem.</summary>
    public double? RetryAfterSeconds { get; init; }

    public IReadOnlyList<StepRecord> Steps { get; init => field = value ?? []; } = [];
    public IReadOnlyList<ReportDiagnostic> Diagnostics { get; init => field = value ?? []; } = [];
    public IReadOnlyList<FormerFleetReport>? FormerFleets { get; init; }
    public IReadOnlyList<ObservedNodeReport>? Observed { get; init; }
    public IReadOnlyDictionary<string, string>? UnavailableProviders { get; init; }
    public PullRequestReviewReport? PullRequestReview { get; init; }
    public DesiredReport? Desired { get; init; }
    public IReadOnlyList<ScalingReport>? Scaling { get; init; }
    public PlanReport? Plan { get; init; }
    public PolicyReport? Decisions { get; init; }
    /// <summary>Set when the plan needed a person's approval (reconcile.mode manual, a held plan).</summary>
    public ApprovalReport? Approval { get; init; }
    public ApprovalThreadReport? ApprovalThread { get; init; }
    public IReadOnlyList<NodeResultReport>? Results { get; init; }
    public DriftReportRecord? Drift { get; init; }
    public string? ForgeError { get; init; }
    public PullRequestReport? PullRequest { get; init; }
    /// <summary>The exception of an internal error, redacted.</summary>
    public string? Exception { get; init; }

    // A setter, not init: the generated serializer cannot fill extension data through initialization.
    [JsonExtensionData] public Dictionary<string, JsonElement>? Extra { get; set; }

    [JsonIgnore] public TimeSpan? RetryAfter => RetryAfterSeconds is { } s ? TimeSpan.FromSeconds(s) : null;

    /// <summary>Outstanding drift items (0 when the run made no drift report).</summary>
    [JsonIgnore] public int OutstandingDrift => Drift?.OutstandingCount ?? 0;

    /// <summary>The typed report of a stored run, with the run's own columns filled in.</summary>
    public static RunReport Read(RunRecord run)
    {
        var report = run.Document.Deserialize(RunReportJson.Default.RunReport) ?? new RunReport();
        // Records written before runs had typed steps keep a `stages` array instead; RunSteps reads both.
        if (report.Steps.Count == 0) report = report with { Steps = RunSteps.Read(run.Document) };
        return report with
        {
            RunId = run.Id,
            Fleet = run.Fleet,
            Trigger = run.Trigger,
            StartedAt = run.StartedAt,
            FinishedAt = run.FinishedAt,
            Summary = run.Summary,
        };
    }

    /// <summary>The document alone, as stored (the run's columns stay unset).</summary>
    public static RunReport FromJson(string json) => JsonSerializer.Deserialize(json, RunReportJson.Default.RunReport) ?? new RunReport();

    /// <summary>The document a run record stores.</summary>
    public JsonObject ToDocument() => JsonSerializer.SerializeToNode(this, RunReportJson.Default.RunReport)!.AsObject();

    public string ToJson() => JsonSerializer.Serialize(this, RunReportJson.Default.RunReport);
}
