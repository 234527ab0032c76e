using GitOpsFleet.Reconciler.Service.Fleets;
using GitOpsFleet.Reconciler.State.Leases;
using GitOpsFleet.Reconciler.Service.Metrics;
using GitOpsFleet.Reconciler.State;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace GitOpsFleet.Reconciler.Service;

/// <summary>
/// Turns run requests (schedule fires, webhooks, manual runs) into runs. Per fleet: one run at a time,
/// held by a lease in the state store so no other replica runs it either; requests that arrive while it
/// runs fold into one follow-up run, which reads the newest commit. Across fleets: at most
/// MaxConcurrentRuns at once, so a slow or failing fleet occupies one slot and never delays the others.
/// </summary>
internal sealed partial class FleetRunCoordinator : IHostedService, IAsyncDisposable
{
    private readonly FleetCatalog _catalog;
    private readonly FleetStatusBoard _board;
    private readonly IFleetRunExecutor _executor;
    private readonly IStateStore _store;
    private readonly ILeaseStore _leases;
    private readonly ServiceMetrics _metrics;
    private readonly ServiceOptions _options;
    private readonly TimeProvider _time;
    private readonly ILogger _logger;
    private readonly Dictionary<string, Slot> _slots;
    private readonly SemaphoreSlim _concurrency;
    private readonly CancellationTokenSource _abort = new();
    private volatile bool _stopping;
    private int _disposed;

    public FleetRunCoordinator(FleetCatalog catalog, FleetStatusBoard board, IFleetRunExecutor executor, IStateStore store, ILeaseStore leases,
        ServiceMetrics metrics, ServiceOptions options, TimeProvider time, ILogger<FleetRunCoordinator> logger)
    {
        _catalog = catalog;
        _board = board;
        _executor = executor;
        _store = store;
        _leases = leases;
        _metrics = metrics;
        _options = options;
        _time = time;
        _logger = logger;
        _slots = catalog.All.ToDictionary(f => f.Name, _ => new Slot(), StringComparer.Ordinal);
        _concurrency = new SemaphoreSlim(Math.Max(1, options.MaxConcurrentRuns));
        _metrics.Running.Set(0);
    }

    /// <summary>Who this replica is in leases.</summary>
    public string Holder => _options.InstanceId ?? $"{Environment.MachineName}-{Environment.ProcessId}";

    /// <summary>The scheduler, told after each run (set once the scheduler is up).</summary>
    public IRunScheduleSink? Schedule { get; set; }

    /// <summary>Raised when a run has been recorded (tests and benchmarks wait on it).</summary>
    public event Action<string, RunRecord>? RunRecorded;

    /// <summary>Raised when a run has started (the pipeline is about to fetch).</summary>
    /// <summary>The span joining a request's trace to the run it caused (the run's own span is its child).</summary>
    public const string RequestedSpanName = "run.requested";

    public event Action<string, RunRequest>? RunStarted;

    public int InProgress => _slots.Values.Count(s => s.Active);

    public RunRequestResult Request(string fleet, RunRequest request)
    {
        if (!_slots.TryGetValue(fleet, out var slot)) return RunRequestResult.UnknownFleet;
        if (_stopping) return RunRequestResult.ShuttingDown;
        // The caller's span (a webhook's or an API call's request, when tracing listens to ASP.NET Core) is kept
        // explicitly: the run may start much later, or as the follow-up of another request's run.
        if (request.Trace is null && System.Diagnostics.Activity.Current is { } caller) request = request with { Trace = caller.Context };
        lock (slot)
        {
            if (slot.Active && request.IsScheduled)
            {
                // The run in progress is as fresh as a schedule needs; a follow-up would also defeat a backoff.
                return RunRequestResult.Coalesced;
            }
            if (slot.Active)
            {
                // The follow-up run fetches the ref again, so it reads the newest commit of the whole burst.
                slot.Pending = slot.Pending is null ? request : request with { RequestedAt = slot.Pending.RequestedAt, ScheduledAt = slot.Pending.ScheduledAt ?? request.ScheduledAt, Trace = slot.Pending.Trace ?? request.Trace };
                _metrics.Coalesced.Add(1, fleet);
                Log.RunCoalesced(_logger, fleet, request.Trigger);
                return RunRequestResult.Coalesced;
            }
            slot.Active = true;
            // Not under the caller's span: the loop outlives the request and runs later requests too.
            using (ExecutionContext.SuppressFlow())
            {
                slot.Loop = Task.Run(() => LoopAsync(fleet, slot, request));
            }
            return RunRequestResult.Started;
        }
    }

    private async Task LoopAsync(string fleet, Slot slot, RunRequest request)
    {
        while (true)
        {
            try
            {
                await RunOnceAsync(fleet, request);
            }
            catch (Exception ex)
            {
                // Never let one fleet's failure end its loop silently; it is reported on the fleet.
                Log.RunCrashed(_logger, fleet, ex.Message);
            }
            lock (slot)
            {
                if (slot.Pending is { } next && !_stopping)
                {
                    request = next;
                    slot.Pending = null;
                    continue;
                }
                slot.Pending = null;
                slot.Active = false;
                return;
            }
        }
    }

    private async Task RunOnceAsync(string fleet, RunRequest request)
    {
        var def = _catalog.Find(fleet)!;
        try
        {
            await _concurrency.WaitAsync(_abort.Token);
        }
        catch (OperationCanceledException)
        {
            return;
        }
        try
        {
            if (!await AcquireLeaseAsync(fleet, request)) return;
            var clock = _time.GetTimestamp();
            var startedAt = _time.GetUtcNow();
            if (request.ScheduledAt is { } scheduled) _metrics.SchedulerLag.Observe(Math.Max(0, (startedAt - scheduled).TotalSeconds));
            else if (request.Trigger.StartsWith("webhook", StringComparison.Ordinal)) _metrics.WebhookToStart.Observe(Math.Max(0, (startedAt - request.RequestedAt).TotalSeconds));
            _board.SetRunning(fleet, true);
            _metrics.Running.Add(1);
            using var runCts = CancellationTokenSource.CreateLinkedTokenSource(_abort.Token);
            runCts.CancelAfter(_options.RunTimeout);
            using var renewal = new CancellationTokenSource();
            var reporter = new LoggingRunReporter(_logger, fleet);
            var renewTask = RenewLeaseAsync(fleet, reporter, runCts, renewal.Token);
            int failures;
            Pipeline.RunOutcome? outcome = null;
            // The requesting span's child, so a forge's delivery and the run it caused are one trace; null without a listener.
            using var requested = request.Trace is { } trace
                ? Telemetry.SpanSource.Source.StartActivity(RequestedSpanName, System.Diagnostics.ActivityKind.Internal, trace)
                : null;
            requested?.SetTag("gitopsfleet.fleet", fleet);
            requested?.SetTag("gitopsfleet.trigger", request.Trigger);
            try
            {
                Log.RunStarting(_logger, fleet, request.Trigger);
                RunStarted?.Invoke(fleet, request);
                outcome = await _executor.RunAsync(request.Commit is { } announced ? def.Target with { Commit = announced } : def.Target, request.Trigger, reporter, runCts.Token);
                if (outcome.Record is not { } record)
                {
                    failures = _board.RecordFailure(fleet, $"run {outcome.RunId} was not recorded");
                }
                else
                {
                    var report = outcome.Report ?? Pipeline.Reports.RunReport.Read(record);
                    failures = _board.Record(fleet, record, report);
                    _metrics.RecordRun(fleet, record.Result, record.Duration ?? _time.GetElapsedTime(clock), report, record.FinishedAt ?? _time.GetUtcNow());
                    Log.RunFinished(_logger, record.Id, fleet, record.Result, (long)_time.GetElapsedTime(clock).TotalMilliseconds, record.Summary);
                    if (record.Result == Pipeline.RunResults.Invalid) LogDiagnostics(record.Id, fleet, outcome.Diagnostics);
                    RunRecorded?.Invoke(fleet, record);
                }
            }
            catch (Exception ex) when (ex is not OperationCanceledException || !_abort.IsCancellationRequested)
            {
                // The run could not even be recorded (state store gone, lock timeout): report it on the fleet and back off.
                failures = _board.RecordFailure(fleet, $"the run could not be carried out: {ex.Message}");
                Log.RunCrashed(_logger, fleet, ex.Message);
            }
            finally
            {
                await renewal.CancelAsync();
                await renewTask;
                try
                {
                    await _leases.ReleaseAsync(fleet, Holder, CancellationToken.None);
                }
                catch (Exception ex)
                {
                    // An unreleased lease expires on its own; the next run waits at most LeaseDuration.
                    Log.RunCrashed(_logger, fleet, $"lease not released: {ex.Message}");
                }
                _metrics.Running.Add(-1);
                _board.SetRunning(fleet, false);
            }
            _metrics.Failures.Set(failures, fleet);
            var (interval, cron) = ScheduleFor(def, outcome?.Reconcile);
            if (Schedule is { } sink && !_stopping)
            {
                await sink.AfterRunAsync(fleet, failures, interval, cron, CancellationToken.None, failures > 0 ? outcome?.RetryAfter : null);
            }
        }
        finally
        {
            _concurrency.Release();
        }
    }

    private async Task<bool> AcquireLeaseAsync(string fleet, RunRequest request)
    {
        // A scheduled run whose fleet another replica is running is simply skipped: that run reads the same commit.
        // A push or a person asking waits for it, so their commit is not left for the next interval.
        var deadline = _time.GetUtcNow() + (request.IsScheduled ? TimeSpan.Zero : _options.LeaseDuration * 4);
        while (true)
        {
            try
            {
                var grant = await _leases.TryAcquireAsync(fleet, Holder, _options.LeaseDuration, _abort.Token);
                if (grant.Acquired)
                {
                    if (grant.ExpiredHolder is { } previous) await InterruptTakenOverRunsAsync(fleet, previous);
                    return true;
                }
            }
            catch (OperationCanceledException)
            {
                return false;
            }
            catch (Exception ex)
            {
                var failures = _board.RecordFailure(fleet, $"cannot take the fleet's lease (state store unavailable?): {ex.Message}");
                _metrics.Failures.Set(failures, fleet);
                Log.RunCrashed(_logger, fleet, ex.Message);
                if (Schedule is { } sink && !_stopping)
                {
                    var (interval, cron) = _board.Schedule(fleet);
                    await sink.AfterRunAsync(fleet, failures, interval, cron, CancellationToken.None);
                }
                return false;
            }
            if (_time.GetUtcNow() >= deadline)
            {
                Log.LeaseHeldElsewhere(_logger, fleet, request.Trigger);
                return false;
            }
            try
            {
                await Task.Delay(TimeSpan.FromMilliseconds(250), _time, _abort.Token);
            }
            catch (OperationCanceledException)
            {
                return false;
            }
        }
    }

    /// <summary>
    /// The replica whose lease expired was stopped mid-run (killed, hung, cut off from the store): its run is marked
    /// interrupted, with the nodes it applied, before this replica runs the fleet again from what it observes.
    /// </summary>
    private async Task InterruptTakenOverRunsAsync(string fleet, string previous)
    {
        try
        {
            var count = await _store.InterruptRunsOfExpiredLeaseAsync(fleet, previous, _abort.Token);
            Log.LeaseTakenOver(_logger, fleet, previous, count);
        }
        catch (Exception ex) when (ex is not OperationCanceledException)
        {
            // The run goes ahead: the record stays "running" until a later takeover or restart marks it.
            Log.RunCrashed(_logger, fleet, $"the runs of replica {previous} could not be marked interrupted: {ex.Message}");
        }
    }

    private async Task RenewLeaseAsync(string fleet, LoggingRunReporter holder, CancellationTokenSource run, CancellationToken stop)
    {
        var every = _options.LeaseDuration / 3;
        while (!stop.IsCancellationRequested)
        {
            try
            {
                await Task.Delay(every, _time, stop);
            }
            catch (OperationCanceledException)
            {
                return;
            }
            bool kept;
            try
            {
                kept = await _leases.RenewAsync(fleet, Holder, _options.LeaseDuration, stop);
            }
            catch (OperationCanceledException)
            {
                return;
            }
            catch (Exception)
            {
                // The store may be back before the lease expires; keep trying until then.
                continue;
            }
            if (!kept)
            {
                // Another replica may now run this fleet: stop ours rather than apply twice.
                Log.LeaseLost(_logger, holder.RunId, fleet);
                await run.CancelAsync();
                return;
            }
        }
    }

    /// <summary>Diagnostics logged per run; the run record keeps all of them.</summary>
    internal const int MaxLoggedDiagnostics = 20;

    /// <summary>
    /// An invalid commit is fixed by a person reading the log: say where each problem is, not only how many.
    /// Bounded, so a fleet with a thousand errors cannot flood the log on every schedule.
    /// </summary>
    private void LogDiagnostics(long runId, string fleet, IReadOnlyList<GitOpsFleet.Model.Diagnostic> diagnostics)
    {
        foreach (var d in diagnostics.Take(MaxLoggedDiagnostics)) Log.RunDiagnostic(_logger, runId, fleet, d.ToString());
        if (diagnostics.Count > MaxLoggedDiagnostics) Log.RunDiagnosticsOmitted(_logger, runId, fleet, diagnostics.Count - MaxLoggedDiagnostics);
    }

    /// <summary>The fleet's schedule after a run: what fleet.yaml said at the commit the run read, else what was known before.</summary>
    private (TimeSpan Interval, string? Cron) ScheduleFor(Fleets.FleetDefinition def, GitOpsFleet.Model.ReconcileSettings? reconcile)
    {
        var (interval, cron) = reconcile is { } settings ? (settings.Interval, settings.Cron) : _board.Schedule(def.Name);
        if (_options.IntervalOverride is { } forced)
        {
            interval = forced;
            cron = null;
        }
        return (interval, cron);
    }

    public Task StartAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    /// <summary>Graceful shutdown: no new runs; the runs in progress finish within the deadline or are cancelled (and recorded as cancelled).</summary>
    public async Task StopAsync(CancellationToken cancellationToken)
    {
        _stopping = true;
        var loops = _slots.Values.Select(s => { lock (s) return s.Loop; }).Where(t => t is { IsCompleted: false }).Cast<Task>().ToList();
        if (loops.Count > 0)
        {
            Log.ShutdownWaiting(_logger, _options.ShutdownDeadline.TotalSeconds, loops.Count);
            var all = Task.WhenAll(loops);
            if (await Task.WhenAny(all, Task.Delay(_options.ShutdownDeadline, _time, CancellationToken.None)) != all)
            {
                Log.ShutdownCancelled(_logger, loops.Count(t => !t.IsCompleted));
                await _abort.CancelAsync();
                // The pipeline records the cancellation in its finally; give it a moment to do so.
                await Task.WhenAny(all, Task.Delay(TimeSpan.FromSeconds(10), _time, CancellationToken.None));
            }
        }
        await _abort.CancelAsync();
    }

    public ValueTask DisposeAsync()
    {
        // Registered both as itself and as a hosted service, so the container disposes it twice.
        if (Interlocked.Exchange(ref _disposed, 1) == 1) return ValueTask.CompletedTask;
        _abort.Cancel();
        _abort.Dispose();
        _concurrency.Dispose();
        return ValueTask.CompletedTask;
    }

    private sealed class Slot
    {
        public bool Active { get; set; }
        public RunRequest? Pending { get; set; }
        public Task? Loop { get; set; }
    }
}
