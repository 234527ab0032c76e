namespace GitOpsFleet.Scripting;

/// <summary>Budgets and limits for scaling scripts. Every value has a safe default; <see cref="Validate"/> lists every problem at once.</summary>
public sealed record ScalingScriptOptions
{
    /// <summary>Time a script may run, measured on its thread at every loop step and call (time spent waiting for metrics is not counted).</summary>
    public TimeSpan CpuBudget { get; init; } = TimeSpan.FromMilliseconds(200);

    /// <summary>Bytes a script may allocate during one evaluation.</summary>
    public long MemoryBudget { get; init; } = 64L * 1024 * 1024;

    /// <summary>Deepest nesting of script methods, local functions and lambdas.</summary>
    public int MaxCallDepth { get; init; } = 256;

    /// <summary>Timeout of one metrics query; a query that times out throws MetricsQueryException inside the script.</summary>
    public TimeSpan QueryTimeout { get; init; } = TimeSpan.FromSeconds(5);

    /// <summary>Metrics queries one evaluation may make, so a loop of queries cannot flood the metrics source.</summary>
    public int MaxQueries { get; init; } = 64;

    /// <summary>Log lines kept per evaluation; later lines are counted, not kept.</summary>
    public int MaxLogLines { get; init; } = 100;

    /// <summary>Characters kept per log line.</summary>
    public int MaxLogLineLength { get; init; } = 500;

    /// <summary>Compiled scripts kept; the least recently used is unloaded beyond this.</summary>
    public int CacheCapacity { get; init; } = 256;

    /// <summary>
    /// A folder for compiled scripts that passed the sandbox, keyed by content hash and engine build, so a new
    /// process (each CLI command) loads them instead of starting the compiler; null keeps them in memory only.
    /// </summary>
    public string? CompiledCacheDirectory { get; init; }

    /// <summary>Worker processes that compile and run scripts, each one script at a time (started on first need, reused).</summary>
    public int Workers { get; init; } = Math.Clamp(Environment.ProcessorCount, 1, 4);

    /// <summary>A worker's GC heap hard limit: the runtime turns a heap past it into an OutOfMemoryException inside the worker.</summary>
    public long WorkerHeapLimit { get; init; } = 256L * 1024 * 1024;

    /// <summary>A worker's resident memory at which the host kills it (native memory and stacks included, which the heap limit does not see).</summary>
    public long WorkerResidentLimit { get; init; } = 640L * 1024 * 1024;

    /// <summary>CPU time a worker may use to compile and check a script (the first compile in a new worker loads the compiler) before it is killed.</summary>
    public TimeSpan CompileTimeout { get; init; } = TimeSpan.FromSeconds(30);

    /// <summary>
    /// How much CPU time past <see cref="CpuBudget"/> a running script's worker may use before it is killed: the budget check inside the
    /// script stops ordinary runaways at the budget, and this stops what it cannot see (a loop inside a library call, a spinning finally).
    /// </summary>
    public TimeSpan DeadlineGrace { get; init; } = TimeSpan.FromMilliseconds(500);

    /// <summary>Longest metrics query text, in characters, the host sends to a metrics source.</summary>
    public int MaxQueryLength { get; init; } = 4096;

    /// <summary>Total time one evaluation's metrics queries may take together; the host answers later queries with an error.</summary>
    public TimeSpan QueryTimeBudget { get; init; } = TimeSpan.FromSeconds(10);

    /// <summary>The worker assembly; null finds <c>gitopsfleet-script-worker.dll</c> beside the application.</summary>
    public string? WorkerPath { get; init; }

    /// <summary>Run workers in an empty network namespace where the kernel allows it (unshare); scripts reach metrics only through the host.</summary>
    public bool IsolateNetwork { get; init; } = true;

    public IReadOnlyList<string> Validate()
    {
        var errors = new List<string>();
        if (CpuBudget <= TimeSpan.Zero) errors.Add("CpuBudget must be positive");
        if (MemoryBudget < 1024 * 1024 || MemoryBudget > 1024L * 1024 * 1024) errors.Add("MemoryBudget must be between 1 MiB and 1 GiB");
        if (MaxCallDepth is < 8 or > 4096) errors.Add("MaxCallDepth must be between 8 and 4096");
        if (QueryTimeout <= TimeSpan.Zero) errors.Add("QueryTimeout must be positive");
        if (MaxQueries < 0) errors.Add("MaxQueries must not be negative");
        if (MaxLogLines < 0) errors.Add("MaxLogLines must not be negative");
        if (MaxLogLineLength < 16) errors.Add("MaxLogLineLength must be at least 16");
        if (CacheCapacity < 1) errors.Add("CacheCapacity must be at least 1");
        if (Workers is < 1 or > 64) errors.Add("Workers must be between 1 and 64");
        if (WorkerHeapLimit < 32L * 1024 * 1024) errors.Add("WorkerHeapLimit must be at least 32 MiB");
        if (WorkerResidentLimit < WorkerHeapLimit) errors.Add("WorkerResidentLimit must be at least WorkerHeapLimit");
        if (CompileTimeout <= TimeSpan.Zero) errors.Add("CompileTimeout must be positive");
        if (DeadlineGrace < TimeSpan.Zero) errors.Add("DeadlineGrace must not be negative");
        if (MaxQueryLength < 16) errors.Add("MaxQueryLength must be at least 16");
        if (QueryTimeBudget <= TimeSpan.Zero) errors.Add("QueryTimeBudget must be positive");
        return errors;
    }
}
