namespace GitOpsFleet.Scripting.Worker;

/// <summary>
/// Worker processes, started on first need and reused: at most <c>size</c> run at once, each one request at a time.
/// A worker that was stopped, crashed or ran a script out of budget is thrown away and the next request starts a
/// new one, so one script's damage never reaches another evaluation.
/// </summary>
internal sealed class ScriptWorkerPool(WorkerLaunch launch, InitMessage init, int size) : IDisposable
{
    private readonly SemaphoreSlim _slots = new(size, size);
    private readonly Stack<ScriptWorkerProcess> _idle = new();
    private readonly HashSet<ScriptWorkerProcess> _all = [];
    private Task<ScriptWorkerProcess>? _warming;
    private bool _disposed;

    public WorkerLaunch Launch => launch;

    /// <summary>Process ids of the workers alive now (for tests and diagnostics).</summary>
    public IReadOnlyList<int> ProcessIds
    {
        get { lock (_all) return _all.Where(w => w.IsUsable).Select(w => w.ProcessId).ToList(); }
    }

    /// <summary>Runs <paramref name="work"/> on a worker; it returns whether the worker may serve again.</summary>
    public async Task<T> UseAsync<T>(Func<ScriptWorkerProcess, Task<(T Value, bool Reuse)>> work, CancellationToken cancellationToken)
    {
        await _slots.WaitAsync(cancellationToken).ConfigureAwait(false);
        ScriptWorkerProcess? worker = null;
        var reuse = false;
        try
        {
            worker = await TakeAsync(cancellationToken).ConfigureAwait(false);
            var (value, keep) = await work(worker).ConfigureAwait(false);
            reuse = keep && worker.IsUsable;
            return value;
        }
        finally
        {
            if (worker is not null) Return(worker, reuse);
            _slots.Release();
        }
    }

    /// <summary>
    /// Starts a worker now, without waiting for it, when none is idle or starting: a run that knows it will evaluate
    /// scripts calls this before it observes, so the worker's start-up overlaps the observation instead of following it.
    /// </summary>
    public void Prewarm()
    {
        lock (_all)
        {
            if (_disposed || _warming is not null || _idle.Count > 0 || _all.Count >= size) return;
            _warming = ScriptWorkerProcess.StartAsync(launch, init, CancellationToken.None);
        }
    }

    private async Task<ScriptWorkerProcess> TakeAsync(CancellationToken cancellationToken)
    {
        Task<ScriptWorkerProcess>? warming;
        lock (_all)
        {
            ObjectDisposedException.ThrowIf(_disposed, this);
            while (_idle.TryPop(out var idle))
            {
                if (idle.IsUsable) return idle;
                _all.Remove(idle);
                idle.Dispose();
            }
            warming = _warming;
            _warming = null;
        }
        if (warming is not null)
        {
            try
            {
                var warmed = await warming.WaitAsync(cancellationToken).ConfigureAwait(false);
                if (!warmed.IsUsable) warmed.Dispose();
                else if (Track(warmed)) return warmed;
            }
            catch (Exception ex) when (ex is not OperationCanceledException || !cancellationToken.IsCancellationRequested)
            {
                // A worker that failed to start early is started again below, where its failure is reported.
            }
        }
        var started = await ScriptWorkerProcess.StartAsync(launch, init, cancellationToken).ConfigureAwait(false);
        lock (_all)
        {
            if (_disposed)
            {
                started.Dispose();
                throw new ObjectDisposedException(nameof(ScriptWorkerPool));
            }
            _all.Add(started);
        }
        return started;
    }

    private void Return(ScriptWorkerProcess worker, bool reuse)
    {
        lock (_all)
        {
            if (reuse && !_disposed)
            {
                _idle.Push(worker);
                return;
            }
            _all.Remove(worker);
        }
        worker.Dispose();
    }

    /// <summary>Counts a prewarmed worker among the pool's; false (and disposed) when the pool was disposed meanwhile.</summary>
    private bool Track(ScriptWorkerProcess worker)
    {
        lock (_all)
        {
            if (!_disposed)
            {
                _all.Add(worker);
                return true;
            }
        }
        worker.Dispose();
        return false;
    }

    public void Dispose()
    {
        List<ScriptWorkerProcess> all;
        Task<ScriptWorkerProcess>? warming;
        lock (_all)
        {
            _disposed = true;
            all = [.. _all];
            _all.Clear();
            _idle.Clear();
            warming = _warming;
            _warming = null;
        }
        foreach (var worker in all) worker.Dispose();
        // A worker still starting is disposed when it has started; one that failed to start needs nothing.
        warming?.ContinueWith(t => t.Result.Dispose(), CancellationToken.None, TaskContinuationOptions.OnlyOnRanToCompletion, TaskScheduler.Default);
    }
}
