using System.Text.RegularExpressions;
using LibGit2Sharp;

namespace GitOpsFleet.Reconciler.Cli;

/// <summary>The sample fleet embedded in the program, written out as a fresh Git repository.</summary>
internal static partial class SampleFleet
{
    private const string Prefix = "sample/";

    public static IReadOnlyList<string> Files => typeof(SampleFleet).Assembly.GetManifestResourceNames()
        .Where(n => n.StartsWith(Prefix, StringComparison.Ordinal)).Order(StringComparer.Ordinal).ToList();

    /// <summary>Writes the sample into <paramref name="directory"/>, renames the fleet, and commits it on main.</summary>
    public static string CreateRepository(string directory, string fleetName, TimeProvider time)
    {
        Directory.CreateDirectory(directory);
        foreach (var resource in Files)
        {
            var relative = resource[Prefix.Length..].Replace('\\', '/');
            var target = Path.Combine(directory, relative);
            Directory.CreateDirectory(Path.GetDirectoryName(target)!);
            using var stream = typeof(SampleFleet).Assembly.GetManifestResourceStream(resource)!;
            using var file = File.Create(target);
            stream.CopyTo(file);
        }
        var fleetFile = Path.Combine(directory, "fleet.yaml");
        var text = File.ReadAllText(fleetFile);
        // Only the value changes: the first metadata.name in fleet.yaml.
        File.WriteAllText(fleetFile, MetadataName().Replace(text, m => m.Groups[1].Value + fleetName, 1));

        Repository.Init(directory, isBare: false);
        using var repo = new Repository(directory);
        repo.Refs.UpdateTarget("HEAD", "refs/heads/main");
        Commands.Stage(repo, "*");
        var signature = new Signature("GitOpsFleet demo", "demo@gitopsfleet.localhost", time.GetUtcNow());
        repo.Commit("Sample fleet for the demo", signature, signature);
        return directory;
    }

    [GeneratedRegex(@"(metadata:\s*\n\s+name:\s*)[^\s#]+")]
    private static partial Regex MetadataName();
}
