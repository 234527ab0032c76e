using System.Diagnostics;
using System.Security.Cryptography;
using System.Text;
using GitOpsFleet.Scripting.Compilation;
using GitOpsFleet.Scripting.Execution;
using GitOpsFleet.Scripting.Globals;
using GitOpsFleet.Scripting.Metrics;
using GitOpsFleet.Scripting.Sandbox;

namespace GitOpsFleet.Scripting;

/// <summary>
/// Compiles, checks and runs scaling scripts. Budgets are enforced inside this process by rewriting each script so it
/// checks its own budget at every loop step, jump and call; a separate worker process could be killed instead, but it
/// costs a process round trip per evaluation (far above the 20 µs a cached evaluation may take) and still needs the
/// same allow-list, while the rewrite keeps evaluation in-process and turns runaway scripts into ordinary results.
/// Thread-safe; one engine serves the whole service.
/// </summary>
public sealed class ScalingScriptEngine : IDisposable
{
    private readonly ScalingScriptOptions _options;
    private readonly TimeProvider _time;
    private readonly ScriptCache _cache;
    private readonly ScriptWorkers _workers;
    private readonly ScriptDiskCache? _disk;

    public ScalingScriptEngine(ScalingScriptOptions options, TimeProvider timeProvider)
    {
        ArgumentNullException.ThrowIfNull(options);
        ArgumentNullException.ThrowIfNull(timeProvider);
        var problems = options.Validate();
        if (problems.Count > 0) throw new ArgumentException("invalid scaling script options: " + string.Join("; ", problems), nameof(options));
        _options = options;
        _time = timeProvider;
        _cache = new ScriptCache(options.CacheCapacity);
        _workers = new ScriptWorkers(options.Workers);
        _disk = options.CompiledCacheDirectory is { Length: > 0 } dir ? new ScriptDiskCache(dir) : null;
    }

    /// <summary>Compiled script texts held now (at most CacheCapacity).</summary>
    public int CachedScripts => _cache.Count;

    /// <summary>Compiles and checks a script without running it: empty when it would run, else <c>path:line: message</c> lines.</summary>
    public IReadOnlyList<string> Check(string path, string source)
    {
        var (compiled, _) = GetCompiled(source, CancellationToken.None);
        return compiled.Diagnostics.Select(d => d.Format(path)).ToList();
    }

    public async Task<ScalingEvaluation> EvaluateAsync(ScalingScriptRequest request, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(request);
        var started = _time.GetTimestamp();
        var (compiled, cacheHit) = GetCompiled(request.Source, cancellationToken);
        var now = _time.GetUtcNow();
        var pool = request.Pool;

        ScalingEvaluation Result(ScalingOutcome outcome, int? wanted, IReadOnlyList<string> diagnostics, IReadOnlyList<string> log, IReadOnlyList<MetricsQueryRecord> queries)
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
            var inputs = new ScalingInputs(pool.Name, request.Current, pool.Replicas.Min, pool.Replicas.Max, now, queries);
            return new ScalingEvaluation(request.Path, outcome, wanted, replicas, clamped, explanation, diagnostics, log, inputs,
                compiled.Hash, cacheHit, _time.GetElapsedTime(started));
        }

        if (compiled.Failure is { } failure)
            return Result(failure, null, compiled.Diagnostics.Select(d => d.Format(request.Path)).ToList(), [], []);

        var pending = _workers.RunAsync(stackStart => Run(compiled, request, now, stackStart, cancellationToken));
        // Most cached scripts finish in microseconds: waiting for them here is cheaper than a continuation on the thread pool.
        var spinner = new SpinWait();
        while (!pending.IsCompleted && spinner.Count < 100) spinner.SpinOnce(sleep1Threshold: -1);
        var run = await pending.ConfigureAwait(false);
        cancellationToken.ThrowIfCancellationRequested();
        var diagnostics = run.Diagnostic is { } diagnostic ? new[] { diagnostic.Format(request.Path) } : [];
        return Result(run.Outcome, run.Wanted, diagnostics, run.Log, run.Queries);
    }

    private (CompiledScript Script, bool CacheHit) GetCompiled(string source, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(source);
        var hash = Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(source)));
        if (_cache.TryGet(hash, out var cached)) return (cached, true);
        if (_disk?.TryLoad(hash) is { } stored) return (_cache.Add(stored), true);
        return (_cache.Add(ScriptCompiler.Compile(source, hash, cancellationToken, _disk)), false);
    }

    private readonly record struct RunResult(ScalingOutcome Outcome, int? Wanted, ScriptDiagnostic? Diagnostic, IReadOnlyList<string> Log, IReadOnlyList<MetricsQueryRecord> Queries);

    /// <summary>Runs on a script worker thread.</summary>
    private RunResult Run(CompiledScript compiled, ScalingScriptRequest request, DateTimeOffset now, nuint stackStart, CancellationToken cancellationToken)
    {
        var log = new ScriptLog(_options.MaxLogLines, _options.MaxLogLineLength);
        var metrics = new ScriptMetrics(request.Metrics, now, _options.QueryTimeout, _options.MaxQueries, cancellationToken);
        var globals = new ScalingGlobals(new PoolView(request.Pool), request.Current, metrics, now, log);
        var meter = new BudgetMeter(_options, ScriptWorkers.ScriptStackLimit, cancellationToken);
        ScriptBudget.Current = meter;
        try
        {
            meter.Start(stackStart);
            var task = compiled.Entry!([globals, null]);
            if (!task.IsCompleted)
                return new RunResult(ScalingOutcome.Failed, null, new ScriptDiagnostic(0, "the script did not complete synchronously"), log.Lines, metrics.Records);
            var wanted = task.GetAwaiter().GetResult();
            // A script may have swallowed the stop in a way no filter sees (a type initializer); the meter remembers.
            if (meter.Exceeded is { } reason)
                return new RunResult(ScalingOutcome.BudgetExceeded, null, new ScriptDiagnostic(0, reason), log.Lines, metrics.Records);
            return new RunResult(ScalingOutcome.Succeeded, wanted, null, log.Lines, metrics.Records);
        }
        catch (Exception ex)
        {
            var line = ScriptLine(ex);
            if (meter.Exceeded is { } reason)
                return new RunResult(ScalingOutcome.BudgetExceeded, null, new ScriptDiagnostic(line, reason), log.Lines, metrics.Records);
            var root = ex is TypeInitializationException { InnerException: { } inner } ? inner : ex;
            var message = root is MetricsQueryException
                ? $"metrics query failed: {root.Message}"
                : $"{root.GetType().Name}: {root.Message}";
            return new RunResult(ScalingOutcome.Failed, null, new ScriptDiagnostic(line, message), log.Lines, metrics.Records);
        }
        finally
        {
            ScriptBudget.Current = null;
        }
    }

    /// <summary>The line of the innermost script frame of an exception (the compiled assembly carries a PDB for this).</summary>
    private static int ScriptLine(Exception exception)
    {
        for (var ex = exception; ex is not null; ex = ex.InnerException)
        {
            var trace = new StackTrace(ex, fNeedFileInfo: true);
            foreach (var frame in trace.GetFrames())
                if (frame.GetFileName() is { } file && file.EndsWith(ScriptCompiler.CompiledPath, StringComparison.Ordinal) && frame.GetFileLineNumber() > 0)
                    return frame.GetFileLineNumber();
        }
        return 0;
    }

    public void Dispose()
    {
        _workers.Dispose();
        _cache.Clear();
    }
}
