using LibGit2Sharp;

namespace GitOpsFleet.Reconciler.Cli;

/// <summary>What a person does to the demo's fleet repository: commit a change, revert it, read a drift branch.</summary>
internal static class DemoRepository
{
    private static Signature Person() => new("A. Person", "person@gitopsfleet.localhost", DateTimeOffset.UtcNow);

    /// <summary>Replaces <paramref name="from"/> with <paramref name="to"/> in one file on main and commits it; returns the short id.</summary>
    public static string CommitEdit(string directory, string file, string from, string to, string message)
    {
        var path = Path.Combine(directory, file);
        var text = File.ReadAllText(path);
        if (!text.Contains(from, StringComparison.Ordinal)) throw new InvalidOperationException($"{file} no longer contains '{from}'");
        File.WriteAllText(path, text.Replace(from, to, StringComparison.Ordinal));
        using var repo = new Repository(directory);
        Commands.Stage(repo, file);
        return repo.Commit(message, Person(), Person()).Sha[..12];
    }

    /// <summary>Reverts main's last commit with a new commit, as <c>git revert HEAD</c>; returns the short id.</summary>
    public static string RevertLast(string directory)
    {
        using var repo = new Repository(directory);
        var result = repo.Revert(repo.Head.Tip, Person());
        if (result.Status != RevertStatus.Reverted) throw new InvalidOperationException($"git revert ended {result.Status}");
        return result.Commit.Sha[..12];
    }

    /// <summary>The lines of <paramref name="file"/> that differ between main and <paramref name="branch"/>, as (main, branch) pairs.</summary>
    public static IReadOnlyList<(string Main, string Branch)> ChangedLines(string directory, string branch, string file)
    {
        using var repo = new Repository(directory);
        var main = Lines(repo.Head.Tip[file]);
        var other = repo.Branches[branch]?.Tip is { } tip ? Lines(tip[file]) : [];
        // The drift editor changes values in place, so the files line up line by line.
        return main.Zip(other).Where(p => p.First != p.Second).ToList();
    }

    private static string[] Lines(TreeEntry? entry) =>
        entry?.Target is Blob blob ? blob.GetContentText().Split('\n') : [];
}
