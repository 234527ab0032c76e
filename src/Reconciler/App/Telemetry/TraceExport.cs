using GitOpsFleet.Reconciler.Pipeline;
using OpenTelemetry;
using OpenTelemetry.Resources;
using OpenTelemetry.Trace;

namespace GitOpsFleet.Reconciler.Telemetry;

/// <summary>
/// Starts the OpenTelemetry SDK for a process only when something wants the spans: <c>--trace</c> (kept in memory
/// and printed) or an OTLP endpoint in the standard <c>OTEL_EXPORTER_OTLP_*</c> variables. With neither, no
/// listener is attached to the source, so <c>StartActivity</c> returns null and tracing costs a null check.
/// </summary>
internal static class TraceExport
{
    public const string ServiceName = "gitopsfleet";

    /// <summary>Either endpoint variable turns export on; the SDK reads the rest (protocol, headers, timeout) itself.</summary>
    public static bool OtlpConfigured =>
        !string.IsNullOrWhiteSpace(Environment.GetEnvironmentVariable("OTEL_EXPORTER_OTLP_ENDPOINT"))
        || !string.IsNullOrWhiteSpace(Environment.GetEnvironmentVariable("OTEL_EXPORTER_OTLP_TRACES_ENDPOINT"));

    /// <summary>A tracer provider for a CLI run, or null when nothing listens. Disposing it flushes the exporter.</summary>
    public static TracerProvider? StartForCli(SpanCollector? collector)
    {
        if (collector is null && !OtlpConfigured) return null;
        var builder = Sdk.CreateTracerProviderBuilder();
        Configure(builder);
        if (collector is not null) builder.AddProcessor(collector);
        return builder.Build();
    }

    /// <summary>What the CLI and <c>serve</c> share: the source, the service name (OTEL_SERVICE_NAME wins) and OTLP when set.</summary>
    public static void Configure(TracerProviderBuilder builder)
    {
        builder.AddSource(RunTelemetry.SourceName)
            .SetResourceBuilder(ResourceBuilder.CreateDefault()
                .AddService(ServiceName, serviceVersion: typeof(TraceExport).Assembly.GetName().Version?.ToString())
                // Again after the default name, so OTEL_SERVICE_NAME and OTEL_RESOURCE_ATTRIBUTES win over it.
                .AddEnvironmentVariableDetector());
        if (OtlpConfigured) builder.AddOtlpExporter();
    }
}
