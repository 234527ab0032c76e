namespace GitOpsFleet.Providers.Local;

/// <summary>
/// A node process starts with an allow-list of the service's environment, never the rest: the service holds
/// the fleet repository's token, database passwords, cloud and forge credentials under names no denylist can
/// foresee (a <c>DB_PASS</c> once reached every node), and a node's /proc/&lt;pid&gt;/environ must not hand them
/// to whoever can read it. A node gets what a .NET process needs to start and to format text, plus its own settings.
/// </summary>
internal static class NodeEnvironment
{
    private static readonly string[] AllowedNames = ["PATH", "HOME", "LANG", "TZ", "TMPDIR"];

    // LC_* for the locale; DOTNET_* for the runtime (DOTNET_ROOT finds it, DOTNET_gc* and friends tune it).
    private static readonly string[] AllowedPrefixes = ["LC_", "DOTNET_"];

    /// <summary>Leaves only allowed variables in <paramref name="environment"/>, then adds the node's own settings.</summary>
    public static void Restrict(IDictionary<string, string?> environment, IReadOnlyDictionary<string, string>? own = null)
    {
        foreach (var name in environment.Keys.ToList())
        {
            if (!IsAllowed(name)) environment.Remove(name);
        }
        foreach (var (name, value) in own ?? new Dictionary<string, string>())
        {
            environment[name] = value;
        }
    }

    public static bool IsAllowed(string name) =>
        AllowedNames.Contains(name, StringComparer.Ordinal)
        || AllowedPrefixes.Any(p => name.StartsWith(p, StringComparison.Ordinal));
}
