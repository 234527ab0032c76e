using GitOpsFleet.Policies.Values;

namespace GitOpsFleet.Policies.Builtins;

/// <summary>
/// What a builtin may see of the query it runs in. One instance per query evaluation, so the
/// clock reading and the cache are stable within a query (time.now_ns, rand.intn, uuid.rfc4122
/// return the same value for the same arguments, as OPA requires).
/// </summary>
internal sealed class BuiltinContext
{
    private long? _nowNs;
    private Dictionary<string, object?>? _cache;

    public BuiltinContext(TimeProvider time, CancellationToken cancellation)
    {
        Time = time;
        Cancellation = cancellation;
    }

    public TimeProvider Time { get; }

    public CancellationToken Cancellation { get; }

    /// <summary>Strict mode: a builtin error fails the query instead of making the call undefined.</summary>
    public bool Strict { get; init; }

    /// <summary>Receives <c>print</c> output lines (already formatted with their location); null drops them.</summary>
    public Action<string>? PrintSink { get; init; }

    /// <summary>Whether builtins that need the network (http.send) may run.</summary>
    public bool NetworkEnabled { get; init; }

    /// <summary>The value <c>opa.runtime()</c> returns.</summary>
    public Value Runtime { get; init; } = ObjectValue.Empty;

    /// <summary>Where the builtin being called appears. Set by the evaluator before each call.</summary>
    public Syntax.SourceLocation? CallSite { get; set; }

    /// <summary>Where the builtin being called appears ("file:row"), for print and error text.</summary>
    public string? CallLocation => CallSite?.FileLine;

    /// <summary>Nanoseconds since the Unix epoch, read once per query.</summary>
    public long NowNs => _nowNs ??= (Time.GetUtcNow() - DateTimeOffset.UnixEpoch).Ticks * 100;

    /// <summary>
    /// A cache that lives as long as the query. Keys are strings chosen by each family, prefixed with
    /// the builtin's name (e.g. "rand.intn:" + args) to avoid collisions.
    /// </summary>
    public Dictionary<string, object?> Cache => _cache ??= new Dictionary<string, object?>(StringComparer.Ordinal);

    public void ThrowIfCancelled() => Cancellation.ThrowIfCancellationRequested();
}
