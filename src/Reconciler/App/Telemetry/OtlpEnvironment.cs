namespace GitOpsFleet.Reconciler.Telemetry;

/// <summary>
/// Whether the standard variables ask for OTLP export. Apart from <see cref="TraceExport"/> and free of OpenTelemetry
/// types, so a process that exports nothing never loads the SDK's assemblies just to ask.
/// </summary>
internal static class OtlpEnvironment
{
    /// <summary>Either endpoint variable turns export on; the SDK reads the rest (protocol, headers, timeout) itself.</summary>
    public static bool Configured =>
        !string.IsNullOrWhiteSpace(Environment.GetEnvironmentVariable("OTEL_EXPORTER_OTLP_ENDPOINT"))
        || !string.IsNullOrWhiteSpace(Environment.GetEnvironmentVariable("OTEL_EXPORTER_OTLP_TRACES_ENDPOINT"));
}
