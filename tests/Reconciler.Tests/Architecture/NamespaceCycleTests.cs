using System.Text.RegularExpressions;

namespace GitOpsFleet.Reconciler.Tests.Architecture;

/// <summary>
/// The reconciler's top-level areas (Cli, Pipeline, Service, State, Git, ...) depend on each other in one direction:
/// a cycle means two areas can only change together. Read from the sources, where every reference to another area
/// is spelled (a using or a qualified name), so it needs no analyzer.
/// </summary>
public sealed partial class NamespaceCycleTests
{
    private const string Root = "GitOpsFleet.Reconciler";

    [GeneratedRegex(@"^namespace GitOpsFleet\.Reconciler(?:\.(\w+))?", RegexOptions.Multiline)]
    private static partial Regex NamespaceLine();

    [GeneratedRegex(@"GitOpsFleet\.Reconciler\.(\w+)")]
    private static partial Regex AreaReference();

    private static string AppSources()
    {
        var dir = new DirectoryInfo(AppContext.BaseDirectory);
        while (dir is not null && !File.Exists(Path.Combine(dir.FullName, "GitOpsFleet.sln"))) dir = dir.Parent;
        Assert.True(dir is not null, "the repository root (GitOpsFleet.sln) is not above the test's folder");
        return Path.Combine(dir!.FullName, "src", "Reconciler", "App");
    }

    /// <summary>Area to the areas it references, with one file that shows each edge.</summary>
    internal static Dictionary<string, Dictionary<string, string>> Edges(string sources)
    {
        var edges = new Dictionary<string, Dictionary<string, string>>(StringComparer.Ordinal);
        foreach (var file in Directory.EnumerateFiles(sources, "*.cs", SearchOption.AllDirectories))
        {
            var relative = Path.GetRelativePath(sources, file);
            if (relative.StartsWith("bin", StringComparison.Ordinal) || relative.StartsWith("obj", StringComparison.Ordinal)) continue;
            var text = File.ReadAllText(file);
            if (NamespaceLine().Match(text) is not { Success: true } ns) continue;
            var area = ns.Groups[1].Success ? ns.Groups[1].Value : "(root)";
            foreach (Match reference in AreaReference().Matches(text))
            {
                var other = reference.Groups[1].Value;
                if (other == area) continue;
                if (!edges.TryGetValue(area, out var targets)) edges[area] = targets = new(StringComparer.Ordinal);
                targets.TryAdd(other, relative);
            }
        }
        return edges;
    }

    /// <summary>Every cycle as "A -> B (file) -> ... -> A", found by a depth-first search from each area.</summary>
    internal static List<string> Cycles(Dictionary<string, Dictionary<string, string>> edges)
    {
        var cycles = new List<string>();
        var seen = new HashSet<string>(StringComparer.Ordinal);
        foreach (var start in edges.Keys.Order(StringComparer.Ordinal))
        {
            var path = new List<(string From, string To, string File)>();
            void Walk(string area)
            {
                foreach (var (next, file) in edges.GetValueOrDefault(area) ?? [])
                {
                    path.Add((area, next, file));
                    if (next == start)
                    {
                        var key = string.Join(",", path.Select(e => e.From).Order(StringComparer.Ordinal));
                        if (seen.Add(key)) cycles.Add(string.Join(" ", path.Select(e => $"{e.From} -> ({e.File})")) + " " + start);
                    }
                    else if (path.Count < 8 && path.All(e => e.From != next))
                    {
                        Walk(next);
                    }
                    path.RemoveAt(path.Count - 1);
                }
            }
            Walk(start);
        }
        return cycles;
    }

    [Fact]
    public void TheReconcilersAreas_HaveNoNamespaceCycle()
    {
        var edges = Edges(AppSources());
        Assert.True(edges.Count >= 8, $"only {edges.Count} areas found under {Root}: is the source tree where the test looks?");
        var cycles = Cycles(edges);
        Assert.True(cycles.Count == 0, "namespace cycles:\n" + string.Join("\n", cycles));
    }

    [Fact]
    public void ACycle_IsFound_AndNamesTheFiles()
    {
        var edges = new Dictionary<string, Dictionary<string, string>>(StringComparer.Ordinal)
        {
            ["Git"] = new(StringComparer.Ordinal) { ["Hosting"] = "Git/GitSource.cs" },
            ["Hosting"] = new(StringComparer.Ordinal) { ["Git"] = "Hosting/AppComposition.cs", ["State"] = "Hosting/AppComposition.cs" },
            ["State"] = new(StringComparer.Ordinal),
        };
        var cycle = Assert.Single(Cycles(edges));
        Assert.Contains("Git/GitSource.cs", cycle, StringComparison.Ordinal);
        Assert.Contains("Hosting/AppComposition.cs", cycle, StringComparison.Ordinal);
    }
}
