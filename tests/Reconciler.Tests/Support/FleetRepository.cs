using LibGit2Sharp;

namespace GitOpsFleet.Reconciler.Tests.Support;

/// <summary>A real Git repository on disk that tests write fleets into and commit.</summary>
internal sealed class FleetRepository
{
    public FleetRepository(string path, string branch = "main")
    {
        Path = path;
        Directory.CreateDirectory(path);
        Repository.Init(path);
        using var repo = new Repository(path);
        repo.Refs.UpdateTarget("HEAD", $"refs/heads/{branch}");
    }

    public string Path { get; }

    public FleetRepository Write(string relative, string content)
    {
        var file = System.IO.Path.Combine(Path, relative);
        Directory.CreateDirectory(System.IO.Path.GetDirectoryName(file)!);
        File.WriteAllText(file, content);
        return this;
    }

    public FleetRepository Delete(string relative)
    {
        File.Delete(System.IO.Path.Combine(Path, relative));
        return this;
    }

    public string Commit(string message)
    {
        using var repo = new Repository(Path);
        Commands.Stage(repo, "*");
        var sig = new Signature("test", "test@example.invalid", DateTimeOffset.UtcNow);
        return repo.Commit(message, sig, sig, new CommitOptions { AllowEmptyCommit = true }).Sha;
    }

    public IReadOnlyList<string> Branches()
    {
        using var repo = new Repository(Path);
        return repo.Branches.Where(b => !b.IsRemote).Select(b => b.FriendlyName).Order(StringComparer.Ordinal).ToList();
    }

    public string? ReadOnBranch(string branch, string path)
    {
        using var repo = new Repository(Path);
        var b = repo.Branches[branch];
        return (b?.Tip[path]?.Target as Blob)?.GetContentText();
    }

    /// <summary>A copy of the sample fleet (from the repository's samples folder) with the fleet renamed.</summary>
    public static FleetRepository FromSample(string path, string fleetName)
    {
        var repo = new FleetRepository(path);
        var root = RepoRoot.Find();
        var sample = System.IO.Path.Combine(root, "samples", "fleet-repo");
        foreach (var file in Directory.EnumerateFiles(sample, "*", SearchOption.AllDirectories))
        {
            var rel = System.IO.Path.GetRelativePath(sample, file);
            var text = File.ReadAllText(file);
            if (rel == "fleet.yaml") text = System.Text.RegularExpressions.Regex.Replace(text, @"(metadata:\s*\n\s+name:\s*)[^\s#]+", "${1}" + fleetName);
            repo.Write(rel, text);
        }
        return repo;
    }
}
