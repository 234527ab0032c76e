using System.Diagnostics;
using System.Text;
using System.Threading.Channels;

namespace GitOpsFleet.Scripting.Worker;

/// <summary>
/// One worker process, seen from the host. The host owns every limit: it reads the worker's messages through a
/// bounded channel on a pump of its own, holds each compilation and run to a limit of the worker's CPU time (a
/// process is real even when the engine's clock is a test's), watches the worker's resident memory, and kills the
/// whole process when any limit is passed. A worker that was killed or ended is never used again.
/// </summary>
internal sealed class ScriptWorkerProcess : IDisposable
{
    /// <summary>Longest message a worker may send: results and queries are small; anything near this is an attack.</summary>
    private const int MaxMessageBytes = 1024 * 1024;

    private const int StderrTailChars = 4096;

    private static readonly TimeSpan MemoryCheckInterval = TimeSpan.FromMilliseconds(50);

    private readonly Process _process;
    private readonly ProcReader _proc;
    private readonly MessageChannel _channel;
    private readonly Channel<WorkerMessage> _inbox = Channel.CreateBounded<WorkerMessage>(new BoundedChannelOptions(16) { SingleReader = true, SingleWriter = true });
    private readonly StringBuilder _stderr = new();
    private readonly Thread _stderrDone;
    private string? _protocolError;
    private volatile bool _dead;

    private ScriptWorkerProcess(Process process)
    {
        _process = process;
        _proc = new ProcReader(process.Id);
        _channel = new MessageChannel(process.StandardOutput.BaseStream, process.StandardInput.BaseStream, MaxMessageBytes);
        // Dedicated threads, not the pool: a blocked pipe read holds its thread, and a starved pool delays every continuation.
        new Thread(Pump) { IsBackground = true, Name = "gitopsfleet-worker-out" }.Start();
        var stderrThread = new Thread(DrainStderr) { IsBackground = true, Name = "gitopsfleet-worker-err" };
        stderrThread.Start();
        _stderrDone = stderrThread;
    }

    public int ProcessId => _process.Id;

    /// <summary>False once the worker was killed, ended or broke the protocol.</summary>
    public bool IsUsable => !_dead && !_process.HasExited;

    public static async Task<ScriptWorkerProcess> StartAsync(WorkerLaunch launch, InitMessage init, CancellationToken cancellationToken)
    {
        var process = Process.Start(launch.ToStartInfo()) ?? throw new InvalidOperationException("the script worker did not start");
        var worker = new ScriptWorkerProcess(process);
        try
        {
            await worker._channel.WriteAsync(init, cancellationToken).ConfigureAwait(false);
        }
        catch
        {
            worker.Dispose();
            throw;
        }
        return worker;
    }

    /// <summary>
    /// Sends <paramref name="request"/> and waits for its result, answering the worker's metrics queries with
    /// <paramref name="serveQuery"/> meanwhile (time spent there is the host's, not the script's: the run deadline
    /// moves by it, and the query budget bounds it).
    /// </summary>
    public async Task<WorkerExchange> ExchangeAsync(WorkerMessage request, WorkerDeadlines deadlines,
        Func<QueryMessage, CancellationToken, Task<QueryReplyMessage>>? serveQuery, CancellationToken cancellationToken)
    {
        try
        {
            await _channel.WriteAsync(request, cancellationToken).ConfigureAwait(false);
        }
        catch (IOException)
        {
            return new WorkerExchange(null, await EndedAsync(whileCompiling: true).ConfigureAwait(false), false);
        }
        var compiling = true;
        var limit = deadlines.Compile;
        var cpuStart = _proc.CpuTime();
        var wallDeadline = Stopwatch.GetTimestamp() + Ticks(WallLimit(limit, cpuStart));
        while (true)
        {
            while (_inbox.Reader.TryRead(out var message))
            {
                switch (message)
                {
                    case ResultMessage result:
                        return new WorkerExchange(result, null, !compiling);
                    case CompiledMessage when compiling:
                        compiling = false;
                        limit = deadlines.Run;
                        cpuStart = _proc.CpuTime();
                        wallDeadline = Stopwatch.GetTimestamp() + Ticks(WallLimit(limit, cpuStart));
                        break;
                    case QueryMessage query when !compiling && serveQuery is not null:
                        // The worker waits, using no CPU, while the host asks the metrics source: that is the host's time.
                        var asked = Stopwatch.GetTimestamp();
                        var reply = await serveQuery(query, cancellationToken).ConfigureAwait(false);
                        wallDeadline += Stopwatch.GetTimestamp() - asked;
                        await _channel.WriteAsync(reply, cancellationToken).ConfigureAwait(false);
                        break;
                    default:
                        return Stopped(WorkerStopKind.Protocol, compiling, $"the worker sent an unexpected '{message.GetType().Name}'");
                }
            }
            var phase = compiling ? "compiling" : "running";
            if (cpuStart is { } began && _proc.CpuTime() is { } cpu && cpu - began > limit)
                return Stopped(WorkerStopKind.Deadline, compiling, $"used {(cpu - began).TotalSeconds:0.##} s of CPU time {phase} (limit {limit.TotalSeconds:0.###} s)");
            var left = wallDeadline - Stopwatch.GetTimestamp();
            if (left <= 0)
                return Stopped(WorkerStopKind.Deadline, compiling, $"still {phase} after {WallLimit(limit, cpuStart).TotalSeconds:0.###} s");
            using (var slice = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken))
            {
                slice.CancelAfter(TimeSpan.FromTicks(Math.Min(Stopwatch.GetElapsedTime(0, left).Ticks, MemoryCheckInterval.Ticks)));
                try
                {
                    if (!await _inbox.Reader.WaitToReadAsync(slice.Token).ConfigureAwait(false))
                        return _protocolError is { } error
                            ? Stopped(WorkerStopKind.Protocol, compiling, $"the worker sent {error}")
                            : new WorkerExchange(null, await EndedAsync(compiling).ConfigureAwait(false), !compiling);
                }
                catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
                {
                    // A slice ended: time to look at the limits.
                }
                catch (OperationCanceledException)
                {
                    Kill();
                    throw;
                }
            }
            if (_proc.ResidentBytes() is { } resident && resident > deadlines.ResidentLimitBytes)
                return Stopped(WorkerStopKind.Memory, compiling, $"its worker used {resident / (1024 * 1024)} MiB, over the {deadlines.ResidentLimitBytes / (1024 * 1024)} MiB limit");
        }
    }

    /// <summary>
    /// The limits are CPU time, so that a loaded machine does not stop a script that is only waiting for a core; the
    /// wall clock is a backstop for a worker that uses no CPU yet never answers. Where CPU time cannot be read, the
    /// wall clock is the limit itself.
    /// </summary>
    private static TimeSpan WallLimit(TimeSpan limit, TimeSpan? cpuStart) =>
        cpuStart is null ? limit : limit * 4 + TimeSpan.FromSeconds(10);

    private WorkerExchange Stopped(WorkerStopKind kind, bool compiling, string reason)
    {
        Kill();
        return new WorkerExchange(null, new WorkerStop(kind, compiling, reason), !compiling);
    }

    /// <summary>The worker ended by itself: name why from its exit status and the runtime's last words.</summary>
    private async Task<WorkerStop> EndedAsync(bool whileCompiling)
    {
        _dead = true;
        using var wait = new CancellationTokenSource(TimeSpan.FromSeconds(5));
        try
        {
            await _process.WaitForExitAsync(wait.Token).ConfigureAwait(false);
            _stderrDone.Join(TimeSpan.FromSeconds(1));
        }
        catch (OperationCanceledException)
        {
            Kill();
        }
        string tail;
        lock (_stderr) tail = _stderr.ToString();
        var code = _process.HasExited ? _process.ExitCode : -1;
        var why = tail.Contains("Stack overflow", StringComparison.Ordinal) ? "a stack overflow"
            : tail.Contains("OutOfMemory", StringComparison.Ordinal) ? "out of memory"
            : code > 128 ? $"signal {code - 128}"
            : $"exit code {code}";
        return new WorkerStop(WorkerStopKind.Crashed, whileCompiling, $"its worker process ended ({why})");
    }

    private void Pump()
    {
        try
        {
            // The inbox is bounded: a worker that floods messages waits here, on its own thread, not in the host's memory.
            while (_channel.Read() is { } message)
                _inbox.Writer.WriteAsync(message).AsTask().GetAwaiter().GetResult();
        }
        catch (WorkerProtocolException ex)
        {
            _protocolError = ex.Message;
            Kill();
        }
        catch (Exception)
        {
            // The pipe broke: the worker is gone, which the exchange learns from the completed inbox.
        }
        _inbox.Writer.TryComplete();
    }

    private void DrainStderr()
    {
        var buffer = new char[1024];
        try
        {
            int read;
            while ((read = _process.StandardError.Read(buffer, 0, buffer.Length)) > 0)
            {
                lock (_stderr)
                {
                    _stderr.Append(buffer, 0, read);
                    if (_stderr.Length > StderrTailChars) _stderr.Remove(0, _stderr.Length - StderrTailChars);
                }
            }
        }
        catch (Exception)
        {
            // Only a crash's last words come from here; a broken pipe loses nothing the host relies on.
        }
    }

    private static long Ticks(TimeSpan span) => (long)(span.TotalSeconds * Stopwatch.Frequency);

    public void Kill()
    {
        _dead = true;
        try
        {
            if (!_process.HasExited) _process.Kill(entireProcessTree: true);
        }
        catch (Exception)
        {
            // Already gone.
        }
    }

    public void Dispose()
    {
        Kill();
        _process.Dispose();
    }
}
