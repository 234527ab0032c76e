using System.Text.RegularExpressions;

namespace GitOpsFleet.Reconciler.Service.Fleets;

/// <summary>The fleets this service keeps reconciled, fixed at start.</summary>
internal sealed partial class FleetCatalog
{
    private readonly Dictionary<string, FleetDefinition> _byName;

    public FleetCatalog(IEnumerable<FleetDefinition> fleets)
    {
        All = fleets.OrderBy(f => f.Name, StringComparer.Ordinal).ToList();
        _byName = All.ToDictionary(f => f.Name, StringComparer.Ordinal);
    }

    public IReadOnlyList<FleetDefinition> All { get; }

    public FleetDefinition? Find(string name) => _byName.GetValueOrDefault(name);

    /// <summary>Fleets whose repository is the one a forge names in a webhook (clone, HTML or SSH URL, or owner/name).</summary>
    public IReadOnlyList<FleetDefinition> ByRepository(IEnumerable<string?> urls)
    {
        var keys = urls.Where(u => !string.IsNullOrWhiteSpace(u)).Select(u => Normalize(u!)).ToHashSet(StringComparer.OrdinalIgnoreCase);
        return All.Where(f => keys.Contains(Normalize(f.Location.Display)) || keys.Any(k => !k.Contains('/', StringComparison.Ordinal) ? false : Normalize(f.Location.Display).EndsWith("/" + k, StringComparison.OrdinalIgnoreCase))).ToList();
    }

    public static bool IsValidName(string name) => ValidName().IsMatch(name);

    private static string Normalize(string url)
    {
        var u = url.Trim().TrimEnd('/');
        if (u.EndsWith(".git", StringComparison.OrdinalIgnoreCase)) u = u[..^4];
        var scheme = u.IndexOf("://", StringComparison.Ordinal);
        if (scheme >= 0) u = u[(scheme + 3)..];
        var at = u.IndexOf('@', StringComparison.Ordinal);
        if (at >= 0 && at < u.IndexOf('/', StringComparison.Ordinal)) u = u[(at + 1)..];
        return u.Replace(':', '/');
    }

    [GeneratedRegex("^[a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?$")]
    private static partial Regex ValidName();
}
