using System.Diagnostics.Metrics;
using GitOpsFleet.Reconciler.Pipeline.Reports;

namespace GitOpsFleet.Reconciler.Service.Metrics;

/// <summary>
/// Every gitopsfleet_ series /metrics serves, as instruments of one <see cref="System.Diagnostics.Metrics.Meter"/> that
/// <see cref="MetricsExport"/> hands to OpenTelemetry's Prometheus exporter. The names are the ones the hand-written
/// exposition served, kept so dashboards and alerts keep working: counters end in <c>_total</c> and durations in
/// <c>_seconds</c>, so the exporter adds no suffix. Run-derived series are read from the run's report, the same
/// record `runs show` and the dashboard explain, so the three never disagree.
/// </summary>
internal sealed class ServiceMetrics : IDisposable
{
    private static readonly double[] RunBounds = [0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30, 60, 120, 300, 600];
    private static readonly double[] LagBounds = [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30, 60];

    /// <summary>The meter every gitopsfleet_ instrument belongs to; the service's meter provider listens to this instance only.</summary>
    public const string MeterName = "GitOpsFleet.Reconciler";

    public ServiceMetrics()
    {
        Meter = new Meter(MeterName);
        Runs = new(Meter, "gitopsfleet_runs_total", "Finished runs by fleet and result.", ["fleet", "result"]);
        RunDuration = new(Meter, "gitopsfleet_run_duration_seconds", "Duration of runs.", ["fleet"], RunBounds);
        StageDuration = new(Meter, "gitopsfleet_stage_duration_seconds", "Duration of run stages.", ["stage"], RunBounds);
        Nodes = new(Meter, "gitopsfleet_nodes", "", "Nodes observed by the last run, by fleet, pool and state.", ["fleet", "pool", "state"]);
        Drift = new(Meter, "gitopsfleet_drift_items", "", "Outstanding drift items after the last run.", ["fleet"]);
        PolicyDecisions = new(Meter, "gitopsfleet_policy_decisions_total", "Policy decisions by stage and result.", ["stage", "result"]);
        Webhooks = new(Meter, "gitopsfleet_webhook_deliveries_total", "Webhook deliveries by source and result.", ["source", "result"]);
        SchedulerLag = new(Meter, "gitopsfleet_scheduler_lag_seconds", "Delay from a run's scheduled time to its start.", [], LagBounds);
        WebhookToStart = new(Meter, "gitopsfleet_webhook_to_run_start_seconds", "Delay from a webhook's arrival to its run's start.", [], LagBounds);
        Failures = new(Meter, "gitopsfleet_fleet_consecutive_failures", "", "Failed runs in a row (0 when the last run succeeded).", ["fleet"]);
        LastRun = new(Meter, "gitopsfleet_fleet_last_run_timestamp_seconds", "s", "When the fleet's last run finished (Unix time).", ["fleet", "result"]);
        Running = new(Meter, "gitopsfleet_runs_in_progress", "", "Runs in progress in this replica.", []);
        Coalesced = new(Meter, "gitopsfleet_run_requests_coalesced_total", "Run requests folded into a run already pending or in progress.", ["fleet"]);
    }

    public Meter Meter { get; }

    public CounterFamily Runs { get; }
    public HistogramFamily RunDuration { get; }
    public HistogramFamily StageDuration { get; }
    public GaugeFamily Nodes { get; }
    public GaugeFamily Drift { get; }
    public CounterFamily PolicyDecisions { get; }
    public CounterFamily Webhooks { get; }
    public HistogramFamily SchedulerLag { get; }
    public HistogramFamily WebhookToStart { get; }
    public GaugeFamily Failures { get; }
    public GaugeFamily LastRun { get; }
    public GaugeFamily Running { get; }
    public CounterFamily Coalesced { get; }

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

    public void Dispose() => Meter.Dispose();
}
