using System.Collections.Concurrent;
using System.Runtime.InteropServices;
using GitOpsFleet.Scripting.Execution;
using GitOpsFleet.Scripting.Globals;

namespace GitOpsFleet.Scripting.Worker;

/// <summary>
/// The worker process's side: reads requests from its standard input, compiles and runs scripts one at a time, and
/// answers on its standard output. A dedicated reader thread sees the host go away (end of input) even while a script
/// spins, and ends the process at once, so no worker outlives its host.
/// </summary>
public static class ScriptWorkerServer
{
    /// <summary>Longest line the host may send: a script text of the loader's largest file, with room for escaping.</summary>
    private const int MaxRequestBytes = 8 * 1024 * 1024;

    public static int Run(Stream input, Stream output)
    {
        ArgumentNullException.ThrowIfNull(input);
        ArgumentNullException.ThrowIfNull(output);
        var channel = new MessageChannel(input, output, MaxRequestBytes);
        using var requests = new BlockingCollection<WorkerMessage>();
        var metrics = new ChannelMetricsSource(channel);
        var reader = new Thread(() => ReadLoop(channel, requests, metrics)) { IsBackground = true, Name = "gitopsfleet-worker-reader" };
        reader.Start();

        ScriptRunner? runner = null;
        // Never completed: the reader thread ends the process when the host goes away.
        foreach (var message in requests.GetConsumingEnumerable())
        {
            switch (message)
            {
                case InitMessage init:
                    runner?.Dispose();
                    runner = new ScriptRunner(ToOptions(init), threads: 1);
                    metrics.MaxQueryLength = init.MaxQueryLength;
                    break;
                case EvaluateMessage evaluate when runner is not null:
                    channel.Write(Evaluate(runner, channel, evaluate, metrics));
                    break;
                case CheckMessage check when runner is not null:
                    var (compiled, cacheHit) = runner.CompileAsync(check.Source, CancellationToken.None).GetAwaiter().GetResult();
                    channel.Write(new ResultMessage(compiled.Failure ?? ScalingOutcome.Succeeded, null, Wire(compiled.Diagnostics), [], [], cacheHit));
                    break;
                default:
                    return 2;
            }
        }
        return 0;
    }

    private static ResultMessage Evaluate(ScriptRunner runner, MessageChannel channel, EvaluateMessage request, ChannelMetricsSource metrics)
    {
        var (compiled, cacheHit) = runner.CompileAsync(request.Source, CancellationToken.None).GetAwaiter().GetResult();
        if (compiled.Failure is null) channel.Write(new CompiledMessage(cacheHit));
        var p = request.Pool;
        var pool = new PoolView(p.Name, p.Labels, p.Provider, p.Region, p.Min, p.Max, p.Software, p.Version);
        var run = runner.RunAsync(compiled, pool, request.Current, request.Now, metrics, CancellationToken.None).GetAwaiter().GetResult();
        return new ResultMessage(run.Outcome, run.Wanted, Wire(run.Diagnostics), run.Log, run.Queries, cacheHit);
    }

    private static List<WireDiagnostic> Wire(IEnumerable<Sandbox.ScriptDiagnostic> diagnostics) =>
        diagnostics.Select(d => new WireDiagnostic(d.Line, d.Message)).ToList();

    private static void ReadLoop(MessageChannel channel, BlockingCollection<WorkerMessage> requests, ChannelMetricsSource metrics)
    {
        try
        {
            while (channel.Read() is { } message)
            {
                if (message is QueryReplyMessage reply) metrics.Deliver(reply);
                else requests.Add(message);
            }
        }
        catch (Exception)
        {
            // A broken channel is the same as a host that went away.
        }
        // The host is gone (or spoke nonsense): whatever a script is doing, this process has no one to answer.
        ExitNow();
    }

    private static void ExitNow()
    {
        if (OperatingSystem.IsLinux() || OperatingSystem.IsMacOS()) NativeExit(0);
        Environment.Exit(0);
    }

    [DllImport("libc", EntryPoint = "_exit")]
    private static extern void NativeExit(int status);

    private static ScalingScriptOptions ToOptions(InitMessage init) => new()
    {
        CpuBudget = TimeSpan.FromMilliseconds(init.CpuBudgetMs),
        MemoryBudget = init.MemoryBudget,
        MaxCallDepth = init.MaxCallDepth,
        QueryTimeout = TimeSpan.FromMilliseconds(init.QueryTimeoutMs),
        MaxQueries = init.MaxQueries,
        MaxLogLines = init.MaxLogLines,
        MaxLogLineLength = init.MaxLogLineLength,
        CacheCapacity = init.CacheCapacity,
        CompiledCacheDirectory = init.CompiledCacheDirectory,
        MaxQueryLength = init.MaxQueryLength,
    };
}
