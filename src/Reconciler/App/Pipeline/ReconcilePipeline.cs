using System.Data.Common;
using System.Diagnostics;
using GitOpsFleet.Loading;
using GitOpsFleet.Reconciler.Pipeline.Approvals;
using GitOpsFleet.Reconciler.Drift;
using GitOpsFleet.Reconciler.Forges;
using GitOpsFleet.Reconciler.Git;
using GitOpsFleet.Reconciler.Pipeline.Notifications;
using GitOpsFleet.Reconciler.Pipeline.Reports;
using GitOpsFleet.Reconciler.Pipeline.Steps;
using GitOpsFleet.Reconciler.State;

namespace GitOpsFleet.Reconciler.Pipeline;

/// <summary>
/// One run, as an ordered list of steps (see the constructor). Level-triggered: every run re-observes and
/// re-plans (or, in the service, reuses the plan of a settled run with the same commit and the same observation;
/// see <see cref="SettledRunReuse"/>), so a crash anywhere is repaired by the next run. The run record is written once, in
/// <c>finally</c>, whatever happened.
/// </summary>
internal sealed class ReconcilePipeline
{
    private readonly StateHome _home;
    private readonly GitSource _git;
    private readonly IStateStore _store;
    private readonly TimeProvider _time;
    private readonly RunStepLoop _loop;
    private readonly RunNotifier? _notifier;

    public ReconcilePipeline(StateHome home, GitSource git, IStateStore store, ProviderSet providers, ForgeFactory forges,
        DriftBranchPublisher publisher, IDesiredStateStep desiredState, IPolicyGate policyGate, TimeSpan providerActionTimeout, TimeProvider time,
        RunNotifier? notifier = null)
    {
        (_home, _git, _store, _time, _notifier) = (home, git, store, time, notifier);
        // One loader for the life of the pipeline: it keeps parsed pool files by content, so a service that
        // runs the same fleet every few minutes parses only the files a commit changed.
        var loader = new FleetLoader();
        IRunStep[] steps =
        [
            new FetchStep(git),
            new LoadStep(loader, new FleetLoadOptions { KnownProviders = providers.KnownNames }, forges, desiredState),
            new ObserveStep(providers, store),
            new DesiredStep(desiredState, providers),
            new PlanStep(time),
            new PolicyStep(policyGate),
            new ApplyStep(providers, store, new ApprovalGate(store, time), providerActionTimeout, time,
                new ApprovalPullRequest(store, forges, publisher, time, Microsoft.Extensions.Logging.Abstractions.NullLogger.Instance)),
            new DriftReportStep(time),
            new DriftPullRequestStep(store, forges, publisher),
        ];
        _loop = new RunStepLoop(steps, time);
    }

    /// <summary>The names of the steps, in the order they run.</summary>
    public IReadOnlyList<string> StepNames => _loop.Steps.Select(s => s.Name).ToList();

    public Task<RunOutcome> RunAsync(FleetTarget target, RunMode mode, string trigger, IRunReporter reporter, CancellationToken cancellationToken) =>
        RunAsync(target, mode, trigger, reporter, null, cancellationToken);

    /// <summary>
    /// A run that may reuse the fleet's last settled run in <paramref name="settledRuns"/> (the service's; the CLI
    /// passes none and always runs in full), and leaves this run there when it settles.
    /// </summary>
    public async Task<RunOutcome> RunAsync(FleetTarget target, RunMode mode, string trigger, IRunReporter reporter, SettledRuns? settledRuns, CancellationToken cancellationToken)
    {
        var entered = _time.GetTimestamp();
        // A CLI run is its process's reason to exist: the time before it is start-up, which the run should show.
        double? startupMs = trigger == "cli" ? StartupMilliseconds() : null;
        using var runLock = await FleetRunLock.AcquireAsync(_home, target.Location.CacheKey, TimeSpan.FromSeconds(60), _time, cancellationToken);
        var lockMs = Milliseconds(_time.GetElapsedTime(entered));
        var started = _time.GetUtcNow();
        var clock = _time.GetTimestamp();
        var runId = await _store.StartRunAsync(target.Fleet ?? target.Location.Display, target.Location.Display, trigger, started, CancellationToken.None);
        reporter.RunStarted(runId);
        using var span = RunTelemetry.Source.StartActivity(RunTelemetry.RunSpanName);
        span?.SetTag(RunTelemetry.RunIdTag, runId);
        span?.SetTag("gitopsfleet.repository", target.Location.Display);
        span?.SetTag("gitopsfleet.mode", mode.ToString().ToLowerInvariant());
        span?.SetTag("gitopsfleet.trigger", trigger);
        var redactor = _git.Credentials.Redactor.With(target.Credentials?.Secrets ?? []).With(target.Location.UrlCredentials?.Secrets ?? []);
        var opening = new RunReport { Mode = mode.ToString().ToLowerInvariant(), Repository = target.Location.Display, Ref = target.Ref };
        var ctx = new RunContext(runId, target, mode, opening, reporter)
        {
            SnapshotsRoot = _home.Snapshots,
            Redact = redactor.Redact,
            ReuseEnabled = settledRuns is not null && mode == RunMode.Reconcile,
            Settled = mode == RunMode.Reconcile ? settledRuns?.Find(target, started) : null,
        };
        var steps = new List<StepRecord>();
        string result = RunResults.Failed;
        string? error = null;
        TimeSpan? retryAfter = null;
        RunRecord? record = null;
        RunReport? report = null;
        var openMs = Milliseconds(_time.GetElapsedTime(clock));
        var stepsStarted = _time.GetTimestamp();
        long? stepsEnded = null;
        try
        {
            var last = await _loop.RunAsync(ctx, steps, cancellationToken);
            stepsEnded = _time.GetTimestamp();
            (result, error, retryAfter) = last switch
            {
                null => (ctx.Result, ctx.Result == RunResults.Denied ? ctx.Decision?.Summary : null, null),
                { Kind: StepOutcomeKind.Stop } stop => (stop.Result ?? RunResults.Planned, null, null),
                _ => (last.Result ?? RunResults.Failed, last.Message, last.RetryAfter),
            };
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            (result, error) = (RunResults.Cancelled, "the run was cancelled");
        }
        catch (Exception ex) when (StoreAway(ex) is { } away)
        {
            // The state store went away mid-run (a PostgreSQL restart or failover): transient, so the service tries again.
            (result, error) = (RunResults.Unreachable, $"the state store was unreachable: {ctx.Redact(away.Message)}");
        }
        catch (Exception ex)
        {
            // A bug or a broken environment: record it so the run explains itself, then let the caller report it.
            (result, error) = (RunResults.Failed, $"internal error: {ctx.Redact(ex.Message)}");
            ctx.Reported = ctx.Reported with { Exception = ctx.Redact(ex.ToString()) };
        }
        finally
        {
            stepsEnded ??= _time.GetTimestamp();
            ctx.Snapshot?.Dispose();
            var fleet = ctx.FleetName ?? target.Fleet ?? target.Location.Display;
            span?.SetTag(RunTelemetry.FleetTag, fleet);
            if (ctx.Commit is { } commit) span?.SetTag(RunTelemetry.CommitTag, commit);
            span?.SetTag(RunTelemetry.ResultTag, result);
            if (result is RunResults.Failed or RunResults.Unreachable) span?.SetStatus(ActivityStatusCode.Error, error);
            var finished = started + _time.GetElapsedTime(clock);
            report = ctx.Reported with
            {
                RunId = runId,
                Fleet = fleet,
                Trigger = trigger,
                StartedAt = started,
                FinishedAt = finished,
                Summary = Summarize(result, error, ctx),
                Steps = steps.ToList(),
                Result = result,
                Error = error,
                RetryAfterSeconds = retryAfter?.TotalSeconds,
                Timing = new RunTiming(startupMs, lockMs, openMs, Milliseconds(_time.GetElapsedTime(stepsStarted, stepsEnded.Value)),
                    Milliseconds(_time.GetElapsedTime(stepsEnded.Value))),
            };
            // The one place the report becomes JSON: the store keeps the document as it always has.
            record = new RunRecord(runId, fleet, target.Location.Display, ctx.Commit, trigger, started, finished, result, report.Summary, report.ToDocument());
            await FinishAsync(record, cancellationToken);
            // After the record, so an event never names a run that is not stored; only rows are written here, the
            // background sender delivers them.
            if (_notifier is not null) await _notifier.QueueAsync(ctx.Spec, target.DefaultNotifications, report, CancellationToken.None);
            if (settledRuns is not null && ctx.ReusedFrom is null)
            {
                // Any run that did not settle (a new commit that failed, drift, a change applied) means the next is a full run.
                if (SettledRunReuse.Settle(ctx, result, steps, started) is { } settled) settledRuns.Remember(target, settled);
                else settledRuns.Forget(target);
            }
        }
        return new RunOutcome(runId, record.Fleet, result, ctx.Commit, ctx.Diagnostics, ctx.Plan, ctx.Results,
            ctx.Report, ctx.PullRequest, error)
        {
            Steps = steps,
            RetryAfter = retryAfter,
            Record = record,
            Report = report,
            Reconcile = ctx.Spec?.Reconcile,
        };
    }

    /// <summary>How long a run's record waits for a state store that is away before the run gives up writing it.</summary>
    private static readonly TimeSpan FinishRetryLimit = TimeSpan.FromMinutes(5);

    /// <summary>
    /// Writes the run's record, waiting out a state store that is briefly away: a record never written stays "running"
    /// until another process opens the store, which a service that stays up never does. Gives up after
    /// <see cref="FinishRetryLimit"/>, or when the run is cancelled (shutdown), and the next process marks the run interrupted.
    /// </summary>
    private async Task FinishAsync(RunRecord record, CancellationToken cancellationToken)
    {
        var began = _time.GetTimestamp();
        for (var attempt = 1; ; attempt++)
        {
            try
            {
                await _store.FinishRunAsync(record, CancellationToken.None);
                return;
            }
            catch (Exception ex) when (StoreAway(ex) is not null && _time.GetElapsedTime(began) < FinishRetryLimit && !cancellationToken.IsCancellationRequested)
            {
                await Task.Delay(TimeSpan.FromSeconds(Math.Min(attempt, 5)), _time, cancellationToken);
            }
        }
    }

    /// <summary>The transient database error (connection refused, server shutting down) behind <paramref name="ex"/>, if any.</summary>
    private static DbException? StoreAway(Exception? ex)
    {
        for (; ex is not null; ex = ex.InnerException)
        {
            if (ex is DbException { IsTransient: true } db) return db;
        }
        return null;
    }

    private static double StartupMilliseconds()
    {
        using var self = Process.GetCurrentProcess();
        return Math.Round((DateTime.Now - self.StartTime).TotalMilliseconds, 1);
    }

    private static double Milliseconds(TimeSpan span) => Math.Round(span.TotalMilliseconds, 1);

    private static string Summarize(string result, string? error, RunContext ctx) => error
        ?? (ctx.Plan is { } plan ? plan.Summary + (ctx.Report is { } d ? $"; {d.Items.Count} drift item(s)" : "") : result);
}
