using System.Globalization;
using System.Text.Json;
using System.Text.Json.Nodes;
using GitOpsFleet.Reconciler.Pipeline;
using GitOpsFleet.Reconciler.Pipeline.Reports;
using GitOpsFleet.Reconciler.Service.Fleets;
using GitOpsFleet.Reconciler.State;

namespace GitOpsFleet.Reconciler.Service.Api;

/// <summary>The JSON shapes of the API (documented in openapi.json).</summary>
internal static class ApiViews
{
    public static JsonObject Fleet(FleetStatus f) => new()
    {
        ["name"] = f.Name,
        ["repository"] = f.Repository,
        ["ref"] = f.Ref,
        ["state"] = f.State,
        ["running"] = f.Running,
        ["lastRun"] = f.LastRunId is null ? null : new JsonObject
        {
            ["id"] = f.LastRunId,
            ["result"] = f.LastResult,
            ["commit"] = f.LastCommit,
            ["commitMessage"] = f.LastCommitMessage,
            ["startedAt"] = Time(f.LastRunAt),
            ["summary"] = f.LastSummary,
        },
        ["problem"] = f.Problem,
        ["driftItems"] = f.DriftItems,
        ["consecutiveFailures"] = f.ConsecutiveFailures,
        ["nextRunAt"] = Time(f.NextRunAt),
        ["intervalSeconds"] = f.Interval.TotalSeconds,
        ["cron"] = f.Cron,
    };

    public static JsonObject Run(RunRecord r) => new()
    {
        ["id"] = r.Id,
        ["fleet"] = r.Fleet,
        ["repository"] = r.Repository,
        ["commit"] = r.Commit,
        ["trigger"] = r.Trigger,
        ["startedAt"] = Time(r.StartedAt),
        ["finishedAt"] = Time(r.FinishedAt),
        ["durationMs"] = r.Duration is { } d ? Math.Round(d.TotalMilliseconds, 1) : null,
        ["result"] = r.Result,
        ["summary"] = r.Summary,
    };

    public static JsonObject RunDetail(RunRecord r)
    {
        var o = Run(r);
        o["document"] = RunReport.Read(r).ToDocument();
        return o;
    }

    public static JsonObject? Decision(RunRecord r)
    {
        if (RunReport.Read(r).Decisions is not { } decisions
            || JsonSerializer.SerializeToNode(decisions, RunReportJson.Default.PolicyReport) is not JsonObject d) return null;
        var o = new JsonObject
        {
            ["run"] = r.Id,
            ["fleet"] = r.Fleet,
            ["commit"] = r.Commit,
            ["at"] = Time(r.StartedAt),
        };
        foreach (var (k, v) in d) o[k] = v?.DeepClone();
        return o;
    }

    /// <summary>The run record's shape of a pull request, plus its body (the drift report).</summary>
    public static JsonObject PullRequest(PullRequestRecord pr)
    {
        var o = Json.PullRequest(pr);
        o["body"] = pr.Body;
        return o;
    }

    private static string? Time(DateTimeOffset? t) => t?.UtcDateTime.ToString("O", CultureInfo.InvariantCulture);
}
