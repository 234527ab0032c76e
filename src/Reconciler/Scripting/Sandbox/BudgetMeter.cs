using System.Diagnostics;

namespace GitOpsFleet.Scripting.Sandbox;

/// <summary>
/// One evaluation's budgets, held by the script thread. Time is the thread's wall-clock time minus time spent waiting
/// for metrics: scripts run on a dedicated thread and never block otherwise, so that is their CPU time up to preemption,
/// and it costs ~20 ns to read, where the thread's CPU clock costs a system call. Once a budget runs out the meter stays
/// exceeded: every later check throws again and no catch clause may catch, so a script cannot swallow the stop.
/// </summary>
internal sealed class BudgetMeter
{
    private readonly long _timeLimit;
    private readonly long _memoryLimit;
    private readonly int _maxDepth;
    private readonly nuint _stackLimit;
    private readonly CancellationToken _cancellationToken;
    private readonly TimeSpan _cpuBudget;
    private long _start;
    private long _startAllocated;
    private long _pausedTime;
    private long _pausedAllocated;
    private nuint _stackStart;

    public BudgetMeter(ScalingScriptOptions options, nuint stackLimitBytes, CancellationToken cancellationToken)
    {
        _cpuBudget = options.CpuBudget;
        _timeLimit = (long)(options.CpuBudget.TotalSeconds * Stopwatch.Frequency);
        _memoryLimit = options.MemoryBudget;
        _maxDepth = options.MaxCallDepth;
        _stackLimit = stackLimitBytes;
        _cancellationToken = cancellationToken;
    }

    public string? Exceeded { get; private set; }

    public int Depth { get; set; }

    public TimeSpan Elapsed => Stopwatch.GetElapsedTime(_start + _pausedTime);

    public long Allocated => GC.GetAllocatedBytesForCurrentThread() - _startAllocated - _pausedAllocated;

    /// <summary>Starts the clocks on the script thread; <paramref name="stackStart"/> is an address near the bottom of its stack.</summary>
    public void Start(nuint stackStart)
    {
        _stackStart = stackStart;
        _startAllocated = GC.GetAllocatedBytesForCurrentThread();
        _start = Stopwatch.GetTimestamp();
    }

    public void Check()
    {
        if (Exceeded is not null) throw new ScriptBudgetExceededException(Exceeded);
        if (_cancellationToken.IsCancellationRequested) Fail("the evaluation was cancelled");
        if (Stopwatch.GetTimestamp() - _start - _pausedTime > _timeLimit)
            Fail($"CPU budget of {_cpuBudget.TotalMilliseconds:0} ms exceeded");
        if (Allocated > _memoryLimit)
            Fail($"memory budget of {_memoryLimit / (1024 * 1024.0):0.#} MiB exceeded");
    }

    public void CheckDepth(nuint stackPosition)
    {
        if (Depth > _maxDepth) Fail($"call depth budget of {_maxDepth} exceeded (unbounded recursion?)");
        // The stack grows down; the distance from the bottom is what the script's frames (and the library frames between them) use.
        if (_stackStart - stackPosition > _stackLimit) Fail("stack budget exceeded (recursion too deep)");
        Check();
    }

    public void CheckSize(long elements, int elementBytes)
    {
        if (elements > 0 && elements * Math.Max(elementBytes, 1) > _memoryLimit - Allocated)
            Fail($"memory budget of {_memoryLimit / (1024 * 1024.0):0.#} MiB exceeded (asked for {elements} elements at once)");
        Check();
    }

    /// <summary>Marks the start of a wait for metrics: neither its time nor its allocations count against the script.</summary>
    public (long Time, long Allocated) Pause() => (Stopwatch.GetTimestamp(), GC.GetAllocatedBytesForCurrentThread());

    public void Resume((long Time, long Allocated) paused)
    {
        _pausedTime += Stopwatch.GetTimestamp() - paused.Time;
        _pausedAllocated += GC.GetAllocatedBytesForCurrentThread() - paused.Allocated;
    }

    [StackTraceHidden]
    public void Fail(string reason)
    {
        Exceeded ??= reason;
        throw new ScriptBudgetExceededException(Exceeded);
    }
}
