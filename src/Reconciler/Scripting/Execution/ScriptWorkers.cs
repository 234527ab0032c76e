using System.Collections.Concurrent;

namespace GitOpsFleet.Scripting.Execution;

/// <summary>
/// Dedicated threads that run scripts, each with a large reserved stack (virtual memory, committed only as used).
/// A stack overflow ends a .NET process and cannot be caught, so script recursion is stopped by the depth and stack
/// checks long before the stack's end; the large stack leaves room for library frames between two script frames
/// (a chain of lazy LINQ operators recurses inside the library, bounded by the memory budget that built the chain).
/// An idle worker spins briefly before it sleeps: a burst of evaluations (a run over many pools) then pays no wake-up
/// per script, which is most of a cached evaluation's cost.
/// </summary>
internal sealed class ScriptWorkers : IDisposable
{
    /// <summary>Reserved per worker thread.</summary>
    public const int StackSize = 1024 * 1024 * 1024;

    /// <summary>What script frames may use of it; the rest is headroom for library frames and exception dispatch.</summary>
    public const int ScriptStackLimit = 64 * 1024 * 1024;

    private const int SpinIterations = 200;

    private readonly ConcurrentQueue<(Action<nuint> Run, Action Abandon)> _queue = new();
    private readonly SemaphoreSlim _signal = new(0);
    private readonly List<Thread> _threads = [];
    private volatile bool _stopping;

    public ScriptWorkers(int count)
    {
        for (var i = 0; i < count; i++)
        {
            var thread = new Thread(Run, StackSize) { IsBackground = true, Name = $"gitopsfleet-script-{i}" };
            thread.Start();
            _threads.Add(thread);
        }
    }

    /// <summary>Runs <paramref name="work"/> on a worker; it receives an address near the bottom of the worker's stack.</summary>
    public Task<T> RunAsync<T>(Func<nuint, T> work)
    {
        ObjectDisposedException.ThrowIf(_stopping, this);
        var completion = new TaskCompletionSource<T>(TaskCreationOptions.RunContinuationsAsynchronously);
        _queue.Enqueue((stackStart =>
        {
            try
            {
                completion.SetResult(work(stackStart));
            }
            catch (Exception ex)
            {
                completion.SetException(ex);
            }
        }, () => completion.TrySetException(new ObjectDisposedException(nameof(ScriptWorkers)))));
        _signal.Release();
        return completion.Task;
    }

    private unsafe void Run()
    {
        byte marker = 0;
        var stackStart = (nuint)(&marker);
        while (!_stopping)
        {
            if (_queue.TryDequeue(out var item))
            {
                item.Run(stackStart);
                continue;
            }
            var spinner = new SpinWait();
            for (var i = 0; i < SpinIterations && _queue.IsEmpty && !_stopping; i++)
                spinner.SpinOnce(sleep1Threshold: -1);
            if (_queue.IsEmpty) _signal.Wait(TimeSpan.FromSeconds(1));
        }
    }

    public void Dispose()
    {
        _stopping = true;
        _signal.Release(_threads.Count);
        foreach (var thread in _threads) thread.Join(TimeSpan.FromSeconds(5));
        while (_queue.TryDequeue(out var item)) item.Abandon();
    }
}
