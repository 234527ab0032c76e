using System.Diagnostics;
using System.Security.Cryptography;
using System.Text;
using GitOpsFleet.Scripting.Compilation;
using GitOpsFleet.Scripting.Globals;
using GitOpsFleet.Scripting.Metrics;
using GitOpsFleet.Scripting.Sandbox;

namespace GitOpsFleet.Scripting.Execution;

/// <summary>
/// Compiles, checks and runs scripts inside the current process: the allow-list, the budget rewrite and the compiled
/// caches. This is the first line of the sandbox (fast, located refusals and stops); it runs inside a script worker
/// process, whose operating-system limits are the guarantee, and directly only in tests and benchmarks.
/// </summary>
internal sealed class ScriptRunner : IDisposable
{
    private readonly ScalingScriptOptions _options;
    private readonly ScriptCache _cache;
    private readonly ScriptWorkers _threads;
    private readonly ScriptDiskCache? _disk;

    public ScriptRunner(ScalingScriptOptions options, int threads)
    {
        _options = options;
        _cache = new ScriptCache(options.CacheCapacity);
        _threads = new ScriptWorkers(threads);
        _disk = options.CompiledCacheDirectory is { Length: > 0 } dir ? new ScriptDiskCache(dir) : null;
    }

    public int CachedScripts => _cache.Count;

    public static string HashOf(string source) => Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(source)));

    /// <summary>Compiles (or finds) a script on a script thread: the rewriter and Roslyn recurse over deep syntax, which wants the large stack.</summary>
    public async Task<(CompiledScript Script, bool CacheHit)> CompileAsync(string source, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(source);
        var hash = HashOf(source);
        if (_cache.TryGet(hash, out var cached)) return (cached, true);
        if (_disk?.TryLoad(hash) is { } stored) return (_cache.Add(stored), true);
        var compiled = await _threads.RunAsync(_ => ScriptCompiler.Compile(source, hash, cancellationToken, _disk)).ConfigureAwait(false);
        return (_cache.Add(compiled), false);
    }

    /// <summary>Runs a compiled script on a script thread. Never throws for anything the script does.</summary>
    public async Task<ScriptRunResult> RunAsync(CompiledScript compiled, PoolView pool, int current, DateTimeOffset now, IMetricsSource metrics, CancellationToken cancellationToken)
    {
        if (compiled.Failure is { } failure)
            return new ScriptRunResult(failure, null, compiled.Diagnostics, [], []);
        var pending = _threads.RunAsync(stackStart => Run(compiled, pool, current, now, metrics, stackStart, cancellationToken));
        // Most cached scripts finish in microseconds: waiting for them here is cheaper than a continuation on the thread pool.
        var spinner = new SpinWait();
        while (!pending.IsCompleted && spinner.Count < 100) spinner.SpinOnce(sleep1Threshold: -1);
        return await pending.ConfigureAwait(false);
    }

    private ScriptRunResult Run(CompiledScript compiled, PoolView pool, int current, DateTimeOffset now, IMetricsSource source, nuint stackStart, CancellationToken cancellationToken)
    {
        var log = new ScriptLog(_options.MaxLogLines, _options.MaxLogLineLength);
        var metrics = new ScriptMetrics(source, now, _options.QueryTimeout, _options.MaxQueries, cancellationToken);
        var globals = new ScalingGlobals(pool, current, metrics, now, log);
        var meter = new BudgetMeter(_options, ScriptWorkers.ScriptStackLimit, cancellationToken);
        ScriptBudget.Current = meter;
        try
        {
            meter.Start(stackStart);
            var task = compiled.Entry!([globals, null]);
            if (!task.IsCompleted)
                return Stop(ScalingOutcome.Failed, 0, "the script did not complete synchronously");
            var wanted = task.GetAwaiter().GetResult();
            // A script may have swallowed the stop in a way no filter sees (a type initializer); the meter remembers.
            if (meter.Exceeded is { } reason) return Stop(ScalingOutcome.BudgetExceeded, 0, reason);
            return new ScriptRunResult(ScalingOutcome.Succeeded, wanted, [], log.Lines, metrics.Records);
        }
        catch (Exception ex)
        {
            var line = ScriptLine(ex);
            if (meter.Exceeded is { } reason) return Stop(ScalingOutcome.BudgetExceeded, line, reason);
            if (ex is OutOfMemoryException || ex is TypeInitializationException { InnerException: OutOfMemoryException } || ex is InsufficientExecutionStackException)
                return Stop(ScalingOutcome.BudgetExceeded, line, ex is InsufficientExecutionStackException
                    ? "stopped: the script ran out of stack" : "stopped: the script ran out of the worker's memory");
            var root = ex is TypeInitializationException { InnerException: { } inner } ? inner : ex;
            var message = root is MetricsQueryException
                ? $"metrics query failed: {SafeMessage(root)}"
                : $"{root.GetType().Name}: {SafeMessage(root)}";
            return Stop(ScalingOutcome.Failed, line, message);
        }
        finally
        {
            ScriptBudget.Current = null;
        }

        ScriptRunResult Stop(ScalingOutcome outcome, int line, string message) =>
            new(outcome, null, [new ScriptDiagnostic(line, message)], log.Lines, metrics.Records);
    }

    /// <summary>
    /// A script's exception type may override Message to throw; reading it must not turn into a second failure. (One
    /// that spins is stopped by the worker's deadline, which is why this runs only inside a worker in production.)
    /// </summary>
    private static string SafeMessage(Exception exception)
    {
        try
        {
            return exception.Message ?? "";
        }
        catch (Exception)
        {
            return "(the exception's message could not be read)";
        }
    }

    /// <summary>The line of the innermost script frame of an exception (the compiled assembly carries a PDB for this).</summary>
    private static int ScriptLine(Exception exception)
    {
        try
        {
            for (var ex = exception; ex is not null; ex = ex.InnerException)
            {
                var trace = new StackTrace(ex, fNeedFileInfo: true);
                foreach (var frame in trace.GetFrames())
                    if (frame.GetFileName() is { } file && file.EndsWith(ScriptCompiler.CompiledPath, StringComparison.Ordinal) && frame.GetFileLineNumber() > 0)
                        return frame.GetFileLineNumber();
            }
        }
        catch (Exception)
        {
            // A hostile exception (an InnerException getter that throws) leaves the line unknown, nothing more.
        }
        return 0;
    }

    public void Dispose()
    {
        _threads.Dispose();
        _cache.Clear();
    }
}
