using YamlDotNet.Core;
using YamlDotNet.Serialization;
using YamlDotNet.Serialization.NamingConventions;

namespace GitOpsFleet.Reconciler.Service.Fleets;

/// <summary>
/// fleets.yaml: the fleets one service keeps reconciled.
/// <code>
/// fleets:
///   - name: mainnet
///     repository: https://git.example/ops/mainnet.git
///     ref: main
/// </code>
/// </summary>
internal static class FleetsFile
{
    public static IReadOnlyList<FleetDefinition> Read(string path, List<string> problems)
    {
        FleetsDocument? doc;
        try
        {
            var deserializer = new DeserializerBuilder().WithNamingConvention(CamelCaseNamingConvention.Instance).Build();
            doc = deserializer.Deserialize<FleetsDocument>(File.ReadAllText(path));
        }
        catch (YamlException ex)
        {
            problems.Add($"{path}:{ex.Start.Line}:{ex.Start.Column}: {ex.InnerException?.Message ?? ex.Message}");
            return [];
        }
        catch (IOException ex)
        {
            problems.Add($"{path}: cannot read: {ex.Message}");
            return [];
        }
        var result = new List<FleetDefinition>();
        if (doc?.Fleets is not { Count: > 0 } entries)
        {
            problems.Add($"{path}: lists no fleets (expected a 'fleets:' list)");
            return result;
        }
        var baseDir = Path.GetDirectoryName(Path.GetFullPath(path))!;
        for (var i = 0; i < entries.Count; i++)
        {
            var e = entries[i];
            var where = $"{path}: fleets[{i}]";
            if (string.IsNullOrWhiteSpace(e.Name)) problems.Add($"{where}: name is required");
            else if (!FleetCatalog.IsValidName(e.Name)) problems.Add($"{where}: name '{e.Name}' must be lower-case letters, digits and '-'");
            if (string.IsNullOrWhiteSpace(e.Repository))
            {
                problems.Add($"{where}: repository is required");
                continue;
            }
            // The pipeline reads fleet.yaml at the repository root with the process-wide Git credentials;
            // refusing these settings is better than silently ignoring them.
            if (!string.IsNullOrEmpty(e.Path) && e.Path is not ("." or "/")) problems.Add($"{where}: path '{e.Path}' is not supported yet (the fleet must be at the repository root)");
            if (e.Credentials is not null) problems.Add($"{where}: per-fleet credentials are not supported yet; set GITOPSFLEET_GIT_TOKEN or GITOPSFLEET_GIT_TOKEN_FILE for the service");
            if (e.Policy is not null) problems.Add($"{where}: a separate policy repository is set in the fleet's fleet.yaml (spec.policies.source), not here");
            var repo = e.Repository.Contains("://", StringComparison.Ordinal) || Path.IsPathRooted(e.Repository) ? e.Repository : Path.Combine(baseDir, e.Repository);
            if (!string.IsNullOrWhiteSpace(e.Name)) result.Add(new FleetDefinition(e.Name, Git.RepositoryLocation.Parse(repo), string.IsNullOrWhiteSpace(e.Ref) ? null : e.Ref));
        }
        foreach (var dup in result.GroupBy(f => f.Name, StringComparer.Ordinal).Where(g => g.Count() > 1))
        {
            problems.Add($"{path}: fleet '{dup.Key}' is listed {dup.Count()} times");
        }
        return result;
    }

    private sealed class FleetsDocument
    {
        public List<FleetEntry>? Fleets { get; set; }
    }

    private sealed class FleetEntry
    {
        public string? Name { get; set; }
        public string? Repository { get; set; }
        public string? Ref { get; set; }
        public string? Path { get; set; }
        public Dictionary<string, string>? Credentials { get; set; }
        public Dictionary<string, string>? Policy { get; set; }
    }
}
