namespace GitOpsFleet.Scripting.Globals;

/// <summary>What a scaling script sees as globals. Public because the compiled script is another assembly; only these members are on the allow-list.</summary>
public sealed class ScalingGlobals
{
    internal ScalingGlobals(PoolView pool, int current, ScriptMetrics metrics, DateTimeOffset now, ScriptLog log)
    {
        Pool = pool;
        Current = current;
        Metrics = metrics;
        Now = now;
        Log = log;
    }

    /// <summary>The pool's spec, read-only.</summary>
    public PoolView Pool { get; }

    /// <summary>Replicas the pool has now.</summary>
    public int Current { get; }

    public ScriptMetrics Metrics { get; }

    /// <summary>The evaluation's time (from the service's TimeProvider; the real clock is not reachable from scripts).</summary>
    public DateTimeOffset Now { get; }

    public ScriptLog Log { get; }
}
