using GitOpsFleet.Scripting.Execution;
using GitOpsFleet.Scripting.Worker;

namespace GitOpsFleet.Scripting;

/// <summary>
/// Compiles, checks and runs scaling scripts in worker processes. Scripts are untrusted, and an in-process sandbox
/// cannot stop a stack overflow or a loop inside the runtime library, so the guarantee is a process boundary: each
/// worker runs under a GC heap limit, a resident-memory limit, a CPU-time limit per compilation and per run (past which the
/// host kills it), an environment built from nothing and, where the kernel allows, no network. Inside the worker the
/// allow-list and the budget rewrite stay the first line: they refuse and stop ordinary runaways with the line at
/// fault, at microsecond cost. Thread-safe; one engine serves the whole service.
/// </summary>
public sealed class ScalingScriptEngine : IDisposable
{
    private readonly ScalingScriptOptions _options;
    private readonly TimeProvider _time;
    private readonly Lazy<ScriptWorkerPool> _pool;

    public ScalingScriptEngine(ScalingScriptOptions options, TimeProvider timeProvider)
    {
        ArgumentNullException.ThrowIfNull(options);
        ArgumentNullException.ThrowIfNull(timeProvider);
        var problems = options.Validate();
        if (problems.Count > 0) throw new ArgumentException("invalid scaling script options: " + string.Join("; ", problems), nameof(options));
        _options = options;
        _time = timeProvider;
        var init = new InitMessage(options.CpuBudget.TotalMilliseconds, options.MemoryBudget, options.MaxCallDepth,
            // The host answers every query within QueryTimeout; the worker's own wait is only a backstop behind it.
            (options.QueryTimeout + TimeSpan.FromSeconds(2)).TotalMilliseconds, options.MaxQueries,
            options.MaxLogLines, options.MaxLogLineLength, options.CacheCapacity, options.CompiledCacheDirectory, options.MaxQueryLength);
        _pool = new Lazy<ScriptWorkerPool>(() => new ScriptWorkerPool(WorkerLaunch.Create(options), init, options.Workers));
    }

    /// <summary>Whether workers run in an empty network namespace on this machine (false where unshare is not allowed).</summary>
    public bool NetworkIsolated => _pool.Value.Launch.NetworkIsolated;

    /// <summary>Process ids of the live workers.</summary>
    public IReadOnlyList<int> WorkerProcessIds => _pool.IsValueCreated ? _pool.Value.ProcessIds : [];

    /// <summary>Starts a worker in the background when none is ready, so that the next evaluation need not wait for one.</summary>
    public void Prewarm() => _pool.Value.Prewarm();

    /// <summary>Compiles and checks a script without running it: empty when it would run, else <c>path:line: message</c> lines.</summary>
    public async Task<IReadOnlyList<string>> CheckAsync(string path, string source, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(source);
        var lines = LineCount(source);
        return await _pool.Value.UseAsync(async worker =>
        {
            var exchange = await worker.ExchangeAsync(new CheckMessage(source), Deadlines, null, cancellationToken).ConfigureAwait(false);
            if (exchange.Result is { } result)
                return (result.Diagnostics.Select(d => Format(path, lines, d.Line, d.Message)).ToList(), true);
            return ((IReadOnlyList<string>)[Format(path, lines, 0, StopMessage(exchange.Stop!))], false);
        }, cancellationToken).ConfigureAwait(false);
    }

    public async Task<ScalingEvaluation> EvaluateAsync(ScalingScriptRequest request, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(request);
        var started = _time.GetTimestamp();
        var now = _time.GetUtcNow();
        var pool = request.Pool;
        var lines = LineCount(request.Source);
        var message = new EvaluateMessage(request.Source,
            new WirePool(pool.Name, pool.Labels, pool.Provider, pool.Region ?? "", pool.Replicas.Min, pool.Replicas.Max, pool.Software.Name, pool.Software.Version),
            request.Current, now);
        var queries = new HostQueryBudget(request.Metrics, _options);

        var exchange = await _pool.Value.UseAsync(async worker =>
        {
            var done = await worker.ExchangeAsync(message, Deadlines, queries.ServeAsync, cancellationToken).ConfigureAwait(false);
            // A worker that answered is whole (the script's thread returned); one that was stopped is never used again.
            return (done, done.Result is not null);
        }, cancellationToken).ConfigureAwait(false);
        cancellationToken.ThrowIfCancellationRequested();

        var hash = ScriptRunner.HashOf(request.Source);
        if (exchange.Result is not { } result)
        {
            var stop = exchange.Stop!;
            var outcome = stop.WhileCompiling ? ScalingOutcome.CompileError
                : stop.Kind is WorkerStopKind.Deadline or WorkerStopKind.Memory ? ScalingOutcome.BudgetExceeded
                : ScalingOutcome.Failed;
            return Build(outcome, null, [Format(request.Path, lines, 0, StopMessage(stop))], [], [], hash, false);
        }
        return Build(result.Outcome, result.Wanted,
            result.Diagnostics.Take(50).Select(d => Format(request.Path, lines, d.Line, d.Message)).ToList(),
            result.Log.Take(_options.MaxLogLines + 1).Select(l => ScriptText.Clean(l, _options.MaxLogLineLength + 16)).ToList(),
            result.Queries.Take(_options.MaxQueries).Select(q => q with { Query = ScriptText.Clean(q.Query, 500), Error = q.Error is null ? null : ScriptText.Clean(q.Error, 500) }).ToList(),
            hash, result.CacheHit);

        ScalingEvaluation Build(ScalingOutcome outcome, int? wanted, IReadOnlyList<string> diagnostics, IReadOnlyList<string> log,
            IReadOnlyList<MetricsQueryRecord> records, string contentHash, bool cacheHit)
        {
            var replicas = request.Current;
            var clamped = false;
            string? explanation = null;
            if (outcome == ScalingOutcome.Succeeded && wanted is { } w)
            {
                replicas = Math.Clamp(w, pool.Replicas.Min, Math.Max(pool.Replicas.Min, pool.Replicas.Max));
                clamped = replicas != w;
                if (clamped)
                    explanation = w < replicas
                        ? $"wanted {w}, below replicas.min {pool.Replicas.Min}: clamped to {replicas}"
                        : $"wanted {w}, above replicas.max {pool.Replicas.Max}: clamped to {replicas}";
            }
            else if (outcome == ScalingOutcome.Succeeded)
            {
                outcome = ScalingOutcome.Failed;
                diagnostics = [Format(request.Path, lines, 0, "the worker reported success without a count")];
            }
            var inputs = new ScalingInputs(pool.Name, request.Current, pool.Replicas.Min, pool.Replicas.Max, now, records);
            return new ScalingEvaluation(request.Path, outcome, outcome == ScalingOutcome.Succeeded ? wanted : null, replicas, clamped, explanation,
                diagnostics, log, inputs, contentHash, cacheHit, _time.GetElapsedTime(started));
        }
    }

    private WorkerDeadlines Deadlines => new(_options.CompileTimeout, _options.CpuBudget + _options.DeadlineGrace, _options.WorkerResidentLimit);

    private string StopMessage(WorkerStop stop) => stop.Kind switch
    {
        WorkerStopKind.Deadline when stop.WhileCompiling => $"compilation stopped: {stop.Reason} (limit {_options.CompileTimeout.TotalSeconds:0.###} s); its worker was killed",
        WorkerStopKind.Deadline => $"stopped: {stop.Reason} (CPU budget {_options.CpuBudget.TotalMilliseconds:0} ms); its worker was killed",
        WorkerStopKind.Memory => $"stopped: {stop.Reason}; it was killed",
        WorkerStopKind.Crashed => $"stopped: {stop.Reason} while {(stop.WhileCompiling ? "compiling" : "running")} the script",
        _ => $"stopped: {stop.Reason}; it was killed",
    };

    /// <summary>
    /// <c>path:line: message</c>, with a line that exists in the file (the first when the worker could not know it,
    /// as after a crash) and the message bounded and escaped.
    /// </summary>
    private static string Format(string path, int lines, int line, string message) =>
        $"{path}:{(line >= 1 && line <= lines ? line : 1)}: {ScriptText.Clean(message, 1000)}";

    private static int LineCount(string source)
    {
        var count = 1;
        foreach (var c in source)
            if (c == '\n') count++;
        return count;
    }

    public void Dispose()
    {
        if (_pool.IsValueCreated) _pool.Value.Dispose();
    }
}
