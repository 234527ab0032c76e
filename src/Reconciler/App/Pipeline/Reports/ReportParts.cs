using System.Text.Json;
using System.Text.Json.Nodes;
using GitOpsFleet.Providers;
using GitOpsFleet.Model;
using GitOpsFleet.Reconciler.Drift;
using GitOpsFleet.Reconciler.Planning;
using GitOpsFleet.Reconciler.State;

namespace GitOpsFleet.Reconciler.Pipeline.Reports;

/// <summary>The parts of a <see cref="RunReport"/>, made from what the steps worked with.</summary>
internal static class ReportParts
{
    public static IReadOnlyList<ObservedNodeReport> Observed(IEnumerable<ObservedNode> nodes) => nodes.Select(n => new ObservedNodeReport
    {
        Provider = n.Provider,
        Pool = n.Pool,
        Name = n.Name,
        State = n.State.ToString().ToLowerInvariant(),
        Managed = n.Managed,
        Software = n.Software?.Name,
        Version = n.Software?.Version,
        Size = n.Machine?.Size,
        Capacity = n.Capacity,
        Address = n.Address,
        Id = n.ProviderId,
        Since = n.Since,
        ProviderDrift = n.ProviderDrift is { Count: > 0 } d ? d : null,
        StateReason = n.StateReason,
        Client = n.Client is { } c ? new ObservedClientReport { Version = c.Version, ChainId = c.ChainId, Syncing = c.Syncing, Head = c.Head, Peers = c.Peers } : null,
    }).ToList();

    public static DesiredReport Desired(DesiredFleet fleet) => new()
    {
        Fleet = fleet.Spec.Name,
        Commit = fleet.Commit,
        Pools = fleet.Pools.Select(p => new DesiredPoolReport
        {
            Name = p.Spec.Name,
            Provider = p.Spec.Provider,
            Software = p.Spec.Software.Name,
            Version = p.Spec.Software.Version,
            Size = p.Spec.Machine.Size,
            Replicas = p.Replicas,
            Min = p.Spec.Replicas.Min,
            Max = p.Spec.Replicas.Max,
            ReplicaSource = p.ReplicaSource,
            File = p.Spec.SourcePath,
        }).ToList(),
    };

    public static PlanReport Plan(Plan plan) => new()
    {
        Summary = plan.Summary,
        Refusal = plan.Refusal,
        Hold = plan.Hold,
        Actions = plan.Actions.Select(Action).ToList(),
        Notes = plan.Notes.ToList(),
        Drift = plan.Drift.Select(d => new DriftItemReport
        {
            Kind = d.Kind.ToString().ToLowerInvariant(),
            Pool = d.Pool,
            Node = d.Node,
            Field = d.Field,
            Expected = d.Expected,
            Observed = d.Observed,
            Message = d.Message,
        }).ToList(),
    };

    public static ActionReport Action(PlannedAction a) => new()
    {
        Kind = a.Kind.ToString().ToLowerInvariant(),
        Pool = a.Pool,
        Node = a.Node,
        Provider = a.Provider,
        Reason = a.Reason,
        Version = a.Desired?.Software.Version,
    };

    public static IReadOnlyList<NodeResultReport> Results(IEnumerable<ActionResult> results) => results.Select(r => new NodeResultReport
    {
        Action = Action(r.Action),
        Outcome = r.Outcome.ToString().ToLowerInvariant(),
        Message = r.Message,
        DurationMs = Math.Round(r.Duration.TotalMilliseconds, 1),
        Details = r.Details.ToList(),
    }).ToList();

    public static IReadOnlyList<ReportDiagnostic> Diagnostics(IEnumerable<Diagnostic> diagnostics) => diagnostics.Select(ReportDiagnostic.From).ToList();

    public static PolicyReport Policy(PolicyDecision decision) => new()
    {
        Allowed = decision.Allowed,
        Summary = decision.Summary,
        Deny = decision.Denials.Select(d => PolicyFinding.Parse(d, PolicyFinding.DenyKind)).ToList(),
        Warn = decision.Warnings.Select(w => PolicyFinding.Parse(w, PolicyFinding.WarnKind)).ToList(),
        // The gate writes each stage's entry as JSON (engine, revision, timing); read it as the record would be.
        Stages = decision.Decisions.Deserialize(RunReportJson.Default.PolicyStageReportArray) ?? [],
    };

    /// <summary>The scaling scripts' evaluations as the desired-state step gave them.</summary>
    public static IReadOnlyList<ScalingReport> Scaling(JsonArray details) => details.Deserialize(RunReportJson.Default.ScalingReportArray) ?? [];

    /// <summary>The drift report as it is committed to the drift branch, which is also what the record keeps.</summary>
    public static DriftReportRecord Drift(DriftReport report) =>
        JsonSerializer.Deserialize(report.ToJson(), RunReportJson.Default.DriftReportRecord) ?? new DriftReportRecord();

    public static PullRequestReport PullRequest(PullRequestRecord pr) => new()
    {
        Id = pr.Id,
        Fleet = pr.Fleet,
        Forge = pr.Forge,
        Branch = pr.Branch,
        Base = pr.BaseRef,
        Title = pr.Title,
        State = pr.State.ToString().ToLowerInvariant(),
        Fingerprint = pr.Fingerprint,
        Head = pr.HeadCommit,
        Run = pr.RunId,
        Url = pr.Url,
        CreatedAt = pr.CreatedAt,
        UpdatedAt = pr.UpdatedAt,
    };
}
