using System.Collections.Concurrent;

namespace GitOpsFleet.Scripting.Execution;

/// <summary>
/// Dedicated threads that run scripts, each with a large reserved stack (virtual memory, committed only as used).
/// A stack overflow ends a .NET process and cannot be caught, so script recursion is stopped by the depth and stack
/// checks long before the stack's end; the large stack leaves room for library frames between two script frames
/// (a chain of lazy LINQ operators recurses inside the library, bounded by the memory budget that built the chain).
/// </summary>
internal sealed class ScriptWorkers : IDisposable
{
    /// <summary>Reserved per worker thread.</summary>
    public const int StackSize = 1024 * 1024 * 1024;

    /// <summary>What script frames may use of it; the rest is headroom for library frames and exception dispatch.</summary>
    public const int ScriptStackLimit = 64 * 1024 * 1024;

    private readonly BlockingCollection<Action<nuint>> _queue = new();
    private readonly List<Thread> _threads = [];

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
        var completion = new TaskCompletionSource<T>(TaskCreationOptions.RunContinuationsAsynchronously);
        _queue.Add(stackStart =>
        {
            try
            {
                completion.SetResult(work(stackStart));
            }
            catch (Exception ex)
            {
                completion.SetException(ex);
            }
        });
        return completion.Task;
    }

    private unsafe void Run()
    {
        byte marker = 0;
        var stackStart = (nuint)(&marker);
        foreach (var item in _queue.GetConsumingEnumerable())
            item(stackStart);
    }

    public void Dispose()
    {
        _queue.CompleteAdding();
        foreach (var thread in _threads) thread.Join(TimeSpan.FromSeconds(5));
        _queue.Dispose();
    }
}
