using System.Text;
using GitOpsFleet.Reconciler.Pipeline.Reports;

namespace GitOpsFleet.Reconciler.Service.Metrics;

/// <summary>
/// Every gitopsfleet_ series /metrics serves. Run-derived series are read from the run's report, the same
/// record `runs show` and the dashboard explain, so the three never disagree.
/// </summary>
internal sealed class ServiceMetrics
{
    private static readonly double[] RunBounds = [0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30, 60, 120, 300, 600];
    private static readonly double[] LagBounds = [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30, 60];

    public LabeledValues Runs { get; } = new("gitopsfleet_runs_total", "Finished runs by fleet and result.", "counter", ["fleet", "result"]);
    public Histogram RunDuration { get; } = new("gitopsfleet_run_duration_seconds", "Duration of runs.", ["fleet"], RunBounds);
    public Histogram StageDuration { get; } = new("gitopsfleet_stage_duration_seconds", "Duration of run stages.", ["stage"], RunBounds);
    public LabeledValues Nodes { get; } = new("gitopsfleet_nodes", "Nodes observed by the last run, by fleet, pool and state.", "gauge", ["fleet", "pool", "state"]);
    public LabeledValues Drift { get; } = new("gitopsfleet_drift_items", "Outstanding drift items after the last run.", "gauge", ["fleet"]);
    public LabeledValues PolicyDecisions { get; } = new("gitopsfleet_policy_decisions_total", "Policy decisions by stage and result.", "counter", ["stage", "result"]);
    public LabeledValues Webhooks { get; } = new("gitopsfleet_webhook_deliveries_total", "Webhook deliveries by source and result.", "counter", ["source", "result"]);
    public Histogram SchedulerLag { get; } = new("gitopsfleet_scheduler_lag_seconds", "Delay from a run's scheduled time to its start.", [], LagBounds);
    public Histogram WebhookToStart { get; } = new("gitopsfleet_webhook_to_run_start_seconds", "Delay from a webhook's arrival to its run's start.", [], LagBounds);
    public LabeledValues Failures { get; } = new("gitopsfleet_fleet_consecutive_failures", "Failed runs in a row (0 when the last run succeeded).", "gauge", ["fleet"]);
    public LabeledValues LastRun { get; } = new("gitopsfleet_fleet_last_run_timestamp_seconds", "When the fleet's last run finished (Unix time).", "gauge", ["fleet", "result"]);
    public LabeledValues Running { get; } = new("gitopsfleet_runs_in_progress", "Runs in progress in this replica.", "gauge", []);
    public LabeledValues Coalesced { get; } = new("gitopsfleet_run_requests_coalesced_total", "Run requests folded into a run already pending or in progress.", "counter", ["fleet"]);

    public void RecordRun(string fleet, string result, TimeSpan duration, RunReport report, DateTimeOffset finished)
    {
        Runs.Add(1, fleet, result);
        RunDuration.Observe(duration.TotalSeconds, fleet);
        LastRun.ReplaceFor(fleet, [(finished.ToUnixTimeMilliseconds() / 1000.0, [fleet, result])]);
        foreach (var step in report.Steps)
        {
            // A skipped step took no time; counting it would pull every step's distribution towards zero.
            if (step.Outcome != "skipped") StageDuration.Observe(step.DurationMs / 1000.0, step.Name);
        }
        if (report.Observed is { } observed)
        {
            var counts = observed
                .GroupBy(n => (Pool: n.Pool ?? "(none)", State: n.State.Length > 0 ? n.State : "unknown"))
                .Select(g => ((double)g.Count(), new[] { fleet, g.Key.Pool, g.Key.State }));
            Nodes.ReplaceFor(fleet, counts);
        }
        Drift.Set(report.OutstandingDrift, fleet);
        if (report.Decisions is { } decisions)
        {
            if (decisions.Stages.Count > 0)
            {
                foreach (var s in decisions.Stages) PolicyDecisions.Add(1, s.StageName, s.Verdict);
            }
            else
            {
                PolicyDecisions.Add(1, "all", decisions.Allowed ? "allow" : "deny");
            }
        }
    }

    public string Render()
    {
        var sb = new StringBuilder(4096);
        Runs.WriteTo(sb);
        RunDuration.WriteTo(sb);
        StageDuration.WriteTo(sb);
        Nodes.WriteTo(sb);
        Drift.WriteTo(sb);
        PolicyDecisions.WriteTo(sb);
        Webhooks.WriteTo(sb);
        SchedulerLag.WriteTo(sb);
        WebhookToStart.WriteTo(sb);
        Failures.WriteTo(sb);
        LastRun.WriteTo(sb);
        Running.WriteTo(sb);
        Coalesced.WriteTo(sb);
        return sb.ToString();
    }
}
