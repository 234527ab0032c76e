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

    /// <summary>
    /// Fleets whose repository is one a forge names in a webhook (clone, HTML or SSH URL), host and path both
    /// compared (see <see cref="RepositoryKey"/>); an owner/name without a host matches nothing.
    /// </summary>
    public IReadOnlyList<FleetDefinition> ByRepository(IEnumerable<string?> urls)
    {
        var keys = urls.Select(RepositoryKey.From).OfType<RepositoryKey>().ToList();
        if (keys.Count == 0) return [];
        return All.Where(f => RepositoryKey.From(f.Location.Display) is { } own && keys.Any(own.Matches)).ToList();
    }

    public static bool IsValidName(string name) => ValidName().IsMatch(name);

    [GeneratedRegex("^[a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?$")]
    private static partial Regex ValidName();
}
