using System.Diagnostics;
using GitOpsFleet.Reconciler.Telemetry;

namespace GitOpsFleet.Reconciler.Pipeline;

/// <summary>
/// The traces of runs: one <c>reconcile</c> span per run with one child span per step, and the calls inside steps
/// (see <c>Telemetry.ChildSpans</c>). <c>Telemetry.TraceExport</c> attaches the OpenTelemetry SDK only for
/// <c>--trace</c> or an OTLP endpoint; docs/observability.md lists the spans and their attributes.
/// </summary>
internal static class RunTelemetry
{
    public const string SourceName = SpanSource.Name;
    public const string RunSpanName = "reconcile";

    public static ActivitySource Source => SpanSource.Source;

    public const string RunIdTag = "gitopsfleet.run_id";
    public const string FleetTag = "gitopsfleet.fleet";
    public const string CommitTag = TelemetryTags.Commit;
    public const string ResultTag = "gitopsfleet.result";
    public const string OutcomeTag = "gitopsfleet.step.outcome";
    public const string StatusTag = "gitopsfleet.step.status";
}
