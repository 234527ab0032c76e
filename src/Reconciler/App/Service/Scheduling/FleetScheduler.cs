using GitOpsFleet.Reconciler.Service.Fleets;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Quartz;


namespace GitOpsFleet.Reconciler.Service.Scheduling;

/// <summary>
/// One Quartz job and trigger per fleet: every reconcile.interval (or its cron), pushed back while the
/// fleet fails. With the clustered store the triggers live in PostgreSQL, so a dead replica's fleets fire
/// on a live one; schedules another replica already made are kept as they are.
/// </summary>
internal sealed partial class FleetScheduler(
    ISchedulerFactory factory,
    FleetCatalog catalog,
    FleetStatusBoard board,
    FleetRunCoordinator coordinator,
    ServiceOptions options,
    TimeProvider time,
    ILogger<FleetScheduler> logger) : IHostedService, IRunScheduleSink
{
    public const string Group = "fleets";
    private readonly Dictionary<string, Shape> _shapes = new(StringComparer.Ordinal);
    private IScheduler? _scheduler;

    /// <summary>True once every fleet has a job and the scheduler runs (for /readyz).</summary>
    public bool IsReady => _scheduler is { Status: SchedulerStatus.Running };

    public async Task StartAsync(CancellationToken cancellationToken)
    {
        await board.RefreshAsync(cancellationToken);
        var scheduler = await factory.GetScheduler(cancellationToken);
        var spread = TimeSpan.FromMilliseconds(Math.Min(options.DefaultInterval.TotalMilliseconds, 250.0 * catalog.All.Count));
        var i = 0;
        foreach (var fleet in catalog.All)
        {
            var jobKey = new JobKey(fleet.Name, Group);
            var interval = options.IntervalOverride ?? options.DefaultInterval;
            if (await scheduler.Exists(jobKey, cancellationToken))
            {
                var existing = await scheduler.GetTrigger(new TriggerKey(fleet.Name, Group), cancellationToken);
                board.SetSchedule(fleet.Name, interval, null, existing?.NextFireTimeUtc);
                i++;
                continue;
            }
            var job = JobBuilder.Create<ReconcileJob>().WithIdentity(jobKey).UsingJobData(ReconcileJob.FleetKey, fleet.Name).StoreDurably().Build();
            // Spread first runs so a restart with many fleets does not start them all in the same second.
            var offset = catalog.All.Count <= 1 ? TimeSpan.Zero : spread * ((double)i / catalog.All.Count);
            var trigger = Simple(fleet.Name, interval, time.GetUtcNow() + offset);
            try
            {
                await scheduler.ScheduleJob(job, trigger, cancellationToken: cancellationToken);
            }
            catch (ObjectAlreadyExistsException)
            {
                // Another replica scheduled it a moment ago.
            }
            board.SetSchedule(fleet.Name, interval, null, trigger.StartTimeUtc);
            lock (_shapes) _shapes[fleet.Name] = new Shape(false, interval, null);
            i++;
        }
        _scheduler = scheduler;
        coordinator.Schedule = this;
    }

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    public async Task AfterRunAsync(string fleet, int consecutiveFailures, TimeSpan interval, string? cron, CancellationToken cancellationToken, TimeSpan? retryAfter = null)
    {
        if (_scheduler is not { } scheduler) return;
        var shape = new Shape(consecutiveFailures > 0, interval, cron);
        lock (_shapes)
        {
            // A healthy fleet whose schedule did not change keeps its trigger (and its phase).
            if (!shape.BackingOff && _shapes.TryGetValue(fleet, out var current) && current == shape) return;
            _shapes[fleet] = shape;
        }
        ITrigger trigger;
        DateTimeOffset? start = null;
        if (shape.BackingOff)
        {
            var delay = Backoff.Delay(consecutiveFailures, interval, options.BackoffMax);
            if (retryAfter > delay) delay = retryAfter.Value;
            Log.BackingOff(logger, fleet, consecutiveFailures, delay);
            start = time.GetUtcNow() + delay;
            trigger = Simple(fleet, interval, start.Value);
        }
        else if (cron is not null && CronExpression.TryParse(cron, out _))
        {
            trigger = TriggerBuilder.Create().WithIdentity(fleet, Group).ForJob(fleet, Group)
                .WithCronSchedule(cron, c => c.WithMisfireInstruction(CronTriggerMisfireInstruction.FireAndProceed)).Build();
        }
        else
        {
            start = time.GetUtcNow() + interval;
            trigger = Simple(fleet, interval, start.Value);
        }
        try
        {
            var next = await scheduler.RescheduleJob(trigger.Key, trigger, cancellationToken);
            if (next is null) await scheduler.ScheduleJob(trigger, cancellationToken: cancellationToken);
            // Fires the scheduler took before the move are older than this and are dropped (see ReconcileJob).
            board.SetSchedule(fleet, interval, cron, start ?? trigger.NextFireTimeUtc);
            if (!shape.BackingOff) Log.Scheduled(logger, fleet, cron ?? $"every {interval}", start ?? trigger.NextFireTimeUtc);
        }
        catch (SchedulerException ex)
        {
            // The old trigger keeps firing; the next run tries again.
            lock (_shapes) _shapes.Remove(fleet);
            Log.ScheduleFailed(logger, fleet, ex.Message);
        }
    }

    private static ITrigger Simple(string fleet, TimeSpan interval, DateTimeOffset start) =>
        TriggerBuilder.Create().WithIdentity(fleet, Group).ForJob(fleet, Group).StartAt(start)
            .WithSimpleSchedule(s => s.WithInterval(interval).RepeatForever().WithMisfireInstruction(SimpleTriggerMisfireInstruction.NextWithRemainingCount))
            .Build();

    private sealed record Shape(bool BackingOff, TimeSpan Interval, string? Cron);
}
