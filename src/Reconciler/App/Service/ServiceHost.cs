using GitOpsFleet.Reconciler.Pipeline.Notifications;
using Microsoft.Extensions.Options;
using GitOpsFleet.Reconciler.Service.Access;
using GitOpsFleet.Reconciler.Service.Api;
using GitOpsFleet.Reconciler.Service.Dashboard;
using GitOpsFleet.Reconciler.Service.Fleets;
using GitOpsFleet.Reconciler.Service.Health;
using GitOpsFleet.Reconciler.Service.Metrics;
using GitOpsFleet.Reconciler.Service.Scheduling;
using GitOpsFleet.Reconciler.Service.Webhooks;
using GitOpsFleet.Reconciler.Telemetry;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Quartz;

namespace GitOpsFleet.Reconciler.Service;

/// <summary>Builds the `serve` web application: scheduler, run coordinator, webhooks, API, dashboard, health and metrics.</summary>
internal static class ServiceHost
{
    public static WebApplication Build(ServiceOptions options, FleetCatalog catalog, StateLocation state, ServiceParts parts, TimeProvider time, Action<ILoggingBuilder>? logging = null)
    {
        var builder = WebApplication.CreateSlimBuilder(new WebApplicationOptions { Args = [], ContentRootPath = AppContext.BaseDirectory });
        builder.WebHost.UseUrls(options.Urls.Split([';', ','], StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries));
        builder.Logging.ClearProviders();
        if (logging is not null)
        {
            logging(builder.Logging);
        }
        else if (options.LogFormat.Equals("json", StringComparison.OrdinalIgnoreCase))
        {
            builder.Logging.AddJsonConsole(o =>
            {
                o.IncludeScopes = true;
                o.UseUtcTimestamp = true;
                o.TimestampFormat = "yyyy-MM-ddTHH:mm:ss.fffZ";
            });
        }
        else
        {
            builder.Logging.AddSimpleConsole(o =>
            {
                o.SingleLine = true;
                o.TimestampFormat = "HH:mm:ss ";
            });
        }
        builder.Logging.AddFilter("Microsoft.AspNetCore", LogLevel.Warning);
        builder.Logging.AddFilter("Microsoft.Hosting", LogLevel.Warning);
        builder.Logging.AddFilter("Quartz", LogLevel.Warning);
        builder.Services.Configure<HostOptions>(o => o.ShutdownTimeout = options.ShutdownDeadline + TimeSpan.FromSeconds(15));
        builder.Services.AddProblemDetails();
        HttpEdge.AddHttpEdge(builder.Services, options);
        DashboardPages.AddApprovalForms(builder.Services);

        var services = builder.Services;
        services.AddSingleton(options);
        services.AddSingleton(state);
        services.AddSingleton(time);
        services.AddSingleton(catalog);
        services.AddSingleton(parts.Store);
        services.AddSingleton(parts.Leases);
        services.AddSingleton(parts.Executor);
        services.AddSingleton(ServiceSecrets.Load(options));
        services.AddSingleton<TokenAuthenticator>();
        services.AddSingleton<AuditTrail>();
        services.AddSingleton<DashboardSessions>();
        MetricsExport.AddTo(services, new ServiceMetrics());
        // Only with an OTLP endpoint: no tracer provider means no listener, so run spans cost nothing otherwise.
        if (OtlpEnvironment.Configured) TraceExport.AddTo(services);
        services.AddSingleton(new WebhookDeliveryLog(time, options.Webhooks.ReplayWindow, options.Webhooks.MaxRememberedDeliveries));
        services.AddSingleton(sp => new FleetStatusBoard(catalog, parts.Store, options.IntervalOverride ?? options.DefaultInterval));
        services.AddSingleton<FleetRunCoordinator>();
        services.AddSingleton<FleetScheduler>();
        services.AddSingleton<IRunScheduleSink>(sp => sp.GetRequiredService<FleetScheduler>());
        services.AddTransient<ReconcileJob>();

        // Hosted services stop in reverse order: the scheduler stops firing first, then the coordinator drains its runs.
        services.AddHostedService(sp => sp.GetRequiredService<FleetRunCoordinator>());
        services.AddQuartz(q =>
        {
            q.ConfigureScheduler(o =>
            {
                o.InstanceName = "gitopsfleet";
                if (options.InstanceId is { } id) o.InstanceId = id;
                else o.GenerateInstanceId = true;
            });
            q.UseDefaultThreadPool(Math.Max(1, options.SchedulerThreads));
            q.UseTimeProvider(time);
            if (state.Kind == StateKind.Postgres)
            {
                q.UsePersistentStore(s =>
                {
                    s.UsePostgres(state.Target);
                    s.UseClustering(c =>
                    {
                        c.CheckinInterval = options.ClusterCheckinInterval;
                        c.CheckinMisfireThreshold = options.ClusterCheckinInterval * 2;
                    });
                    s.ProvisionSchema();
                });
            }
            else
            {
                q.UseInMemoryStore();
            }
        });
        services.AddQuartzHostedService(o =>
        {
            o.WaitForJobsToComplete = false;
            o.AwaitApplicationStarted = false;
        });
        services.AddHostedService(sp => sp.GetRequiredService<FleetScheduler>());
        services.AddOptions<NotificationOptions>().BindConfiguration(NotificationOptions.Section).ValidateOnStart();
        services.AddSingleton<IValidateOptions<NotificationOptions>, NotificationOptionsValidator>();
        // Its own client without a client-wide timeout: each call's timeout is the sender's, per attempt.
        services.AddHostedService(sp => new NotificationDeliveryService(new NotificationSender(parts.Store,
            new HttpClient { Timeout = Timeout.InfiniteTimeSpan }, sp.GetRequiredService<IOptions<NotificationOptions>>().Value, time,
            sp.GetRequiredService<ILogger<NotificationSender>>())));

        var app = builder.Build();
        HttpEdge.UseHttpEdge(app);
        app.UseExceptionHandler();
        app.UseStatusCodePages();
        ReadGate.Use(app, options);
        HealthEndpoints.Map(app);
        WebhookEndpoints.Map(app);
        ApiEndpoints.Map(app);
        ApprovalEndpoints.Map(app);
        AuditEndpoints.Map(app);
        DashboardPages.Map(app);
        app.Lifetime.ApplicationStopped.Register(() => parts.DisposeAsync().AsTask().GetAwaiter().GetResult());
        return app;
    }
}
