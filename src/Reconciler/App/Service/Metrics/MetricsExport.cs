using GitOpsFleet.Reconciler.Telemetry;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.DependencyInjection;
using OpenTelemetry.Metrics;
using OpenTelemetry.Resources;

namespace GitOpsFleet.Reconciler.Service.Metrics;

/// <summary>
/// `serve`'s /metrics: OpenTelemetry's Prometheus exporter over the gitopsfleet_ meter, the .NET runtime, the process
/// and ASP.NET Core's own meters (http_server_*, kestrel_*), so stock .NET dashboards work beside ours.
/// </summary>
internal static class MetricsExport
{
    public const string Path = "/metrics";

    public static void AddTo(IServiceCollection services, ServiceMetrics metrics)
    {
        // The container disposes what a factory made, so the meter ends with the host.
        services.AddSingleton(_ => metrics);
        services.AddOpenTelemetry()
            .ConfigureResource(r => r.AddService(TraceExport.ServiceName, serviceVersion: typeof(MetricsExport).Assembly.GetName().Version?.ToString())
                .AddEnvironmentVariableDetector())
            .WithMetrics(b => b
                .AddMeter(ServiceMetrics.MeterName)
                // Meters are found by name process-wide: another host in this process (tests, benchmarks) has a meter of
                // the same name, and its counts must not be added to this one's.
                .AddView(i => i.Meter.Name == ServiceMetrics.MeterName && !ReferenceEquals(i.Meter, metrics.Meter) ? MetricStreamConfiguration.Drop : null)
                .AddRuntimeInstrumentation()
                .AddProcessInstrumentation()
                .AddAspNetCoreInstrumentation()
                .AddPrometheusExporter(o =>
                {
                    // Each scrape reads current values: a cached answer would show a webhook counted a moment ago as missing.
                    o.ScrapeResponseCacheDurationMilliseconds = 0;
                    // An otel_scope_name label on every series would change the label sets dashboards and alerts match.
                    o.ScopeInfoEnabled = false;
                }));
    }

    public static void Map(IEndpointRouteBuilder app) => app.MapPrometheusScrapingEndpoint(Path);
}
