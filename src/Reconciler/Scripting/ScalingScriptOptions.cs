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

    /// <summary>Dedicated threads that run scripts (each with a large reserved stack).</summary>
    public int Workers { get; init; } = Math.Max(2, Environment.ProcessorCount);

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
        return errors;
    }
}
