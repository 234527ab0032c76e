using System.Collections.Concurrent;
using GitOpsFleet.Model;

namespace GitOpsFleet.Reconciler.Pipeline;

/// <summary>
/// The service's memory of each fleet's last settled run (see <see cref="SettledRun"/>), in this process only: a
/// restart, or any run that does not settle, means the next run is a full one. Entries older than
/// <see cref="MaxAge"/> are not reused either, so whatever the key cannot see (a policy that reads the clock, a
/// provider's layout rules) is still re-evaluated that often.
/// </summary>
internal sealed class SettledRuns(TimeSpan maxAge)
{
    private readonly ConcurrentDictionary<string, SettledRun> _runs = new(StringComparer.Ordinal);

    public TimeSpan MaxAge { get; } = maxAge;

    /// <summary>The settled run this target may reuse at <paramref name="now"/>, or null.</summary>
    public SettledRun? Find(FleetTarget target, DateTimeOffset now) =>
        MaxAge > TimeSpan.Zero && _runs.TryGetValue(Key(target), out var run) && now - run.At < MaxAge ? run : null;

    public void Remember(FleetTarget target, SettledRun run)
    {
        if (MaxAge > TimeSpan.Zero) _runs[Key(target)] = run;
    }

    public void Forget(FleetTarget target) => _runs.TryRemove(Key(target), out _);

    /// <summary>
    /// Whether a fleet's runs may be reused at all. Scaling scripts may read metrics or the clock, and policies in
    /// another repository or an OPA server can change without the fleet's commit changing: such fleets always run in full.
    /// </summary>
    public static bool Reusable(FleetSpec spec) =>
        spec.Pools.All(p => p.Scaling is null)
        && spec.Policies.Source is null
        && spec.Policies.Engine == PolicyEngineKind.Embedded;

    // Everything the target names that changes what is loaded: the repository, the ref, the folder and a policy override.
    private static string Key(FleetTarget target) =>
        string.Join('\n', target.Location.CacheKey, target.Ref ?? "", target.Path ?? "", target.Policy?.ToString() ?? "", target.Fleet ?? "");
}
