using System.Diagnostics;

namespace GitOpsFleet.Reconciler.Pipeline;

/// <summary>
/// The traces of runs: one <c>reconcile</c> span per run with one child span per step. OpenTelemetry
/// can listen to this source; no exporter is wired into the program yet (tests listen with the in-memory exporter).
/// </summary>
internal static class RunTelemetry
{
    public const string SourceName = "GitOpsFleet.Reconciler";
    public const string RunSpanName = "reconcile";

    public static ActivitySource Source { get; } = new(SourceName, typeof(RunTelemetry).Assembly.GetName().Version?.ToString());

    public const string RunIdTag = "gitopsfleet.run_id";
    public const string FleetTag = "gitopsfleet.fleet";
    public const string CommitTag = "gitopsfleet.commit";
    public const string ResultTag = "gitopsfleet.result";
    public const string OutcomeTag = "gitopsfleet.step.outcome";
    public const string StatusTag = "gitopsfleet.step.status";
}
