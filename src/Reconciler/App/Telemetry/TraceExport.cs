using Microsoft.Extensions.DependencyInjection;
using OpenTelemetry;
using OpenTelemetry.Resources;
using OpenTelemetry.Trace;

namespace GitOpsFleet.Reconciler.Telemetry;

/// <summary>
/// Starts the OpenTelemetry SDK for a process only when something wants the spans: <c>--trace</c> (kept in memory
/// and printed) or an OTLP endpoint in the standard <c>OTEL_EXPORTER_OTLP_*</c> variables. Callers ask
/// <see cref="OtlpEnvironment"/> first, so with neither the SDK is not even loaded; no listener is attached to the
/// source, <c>StartActivity</c> returns null and tracing costs a null check.
/// </summary>
internal static class TraceExport
{
    public const string ServiceName = "gitopsfleet";

    /// <summary>
    /// Runs a CLI command with a tracer provider, printing the span tree to <paramref name="treeOutput"/> afterwards
    /// when <paramref name="printTree"/>. The provider is disposed before the tree is printed, which flushes OTLP.
    /// </summary>
    public static async Task<int> RunAsync(bool printTree, Func<Task<int>> run, TextWriter treeOutput)
    {
        var collector = printTree ? new SpanCollector() : null;
        int exit;
        var builder = Sdk.CreateTracerProviderBuilder();
        Configure(builder);
        if (collector is not null) builder.AddProcessor(collector);
        using (builder.Build())
        {
            exit = await run();
        }
        if (collector is not null) SpanTreePrinter.Print(collector.Ended, treeOutput);
        return exit;
    }

    /// <summary>For <c>serve</c>: the same tracing, started and stopped with the host.</summary>
    /// <remarks>
    /// ASP.NET Core's own source is added too: it gives each request a span, taking a <c>traceparent</c> header as its
    /// parent, and a webhook's or API call's run continues that trace (the coordinator keeps the request's context).
    /// </remarks>
    public static void AddTo(IServiceCollection services) =>
        services.AddOpenTelemetry().WithTracing(b => Configure(b.AddSource(AspNetCoreSource)));

    /// <summary>The ActivitySource ASP.NET Core's hosting layer starts request activities from, when something listens.</summary>
    public const string AspNetCoreSource = "Microsoft.AspNetCore";

    /// <summary>What the CLI and <c>serve</c> share: the source, the service name (OTEL_SERVICE_NAME wins) and OTLP when set.</summary>
    private static void Configure(TracerProviderBuilder builder)
    {
        builder.AddSource(SpanSource.Name)
            .SetResourceBuilder(ResourceBuilder.CreateDefault()
                .AddService(ServiceName, serviceVersion: typeof(TraceExport).Assembly.GetName().Version?.ToString())
                // Again after the default name, so OTEL_SERVICE_NAME and OTEL_RESOURCE_ATTRIBUTES win over it.
                .AddEnvironmentVariableDetector());
        if (OtlpEnvironment.Configured) builder.AddOtlpExporter();
    }
}
