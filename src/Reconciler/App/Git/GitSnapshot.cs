using GitOpsFleet.Model;
using LibGit2Sharp;

namespace GitOpsFleet.Reconciler.Git;

/// <summary>The files of one commit, read from the object database. Owns the repository handle.</summary>
internal sealed class GitSnapshot : ISourceSnapshot, IDisposable
{
    private readonly Repository _repo;
    private readonly Dictionary<string, Blob> _files = new(StringComparer.Ordinal);
    private readonly List<string> _ordered;
    private readonly List<SkippedEntry> _skipped = [];

    public GitSnapshot(Repository repo, Commit commit, string gitRef)
    {
        _repo = repo;
        CommitObject = commit;
        Ref = gitRef;
        Walk(commit.Tree, "");
        _ordered = _files.Keys.Order(StringComparer.Ordinal).ToList();
        _skipped.Sort((a, b) => string.CompareOrdinal(a.Path, b.Path));
    }

    /// <summary>Links and submodules of the commit: never offered as files, so no reader mistakes a link's target name for content.</summary>
    public IReadOnlyList<SkippedEntry> Skipped => _skipped;

    public long? SizeOf(string path) => _files.TryGetValue(Normalize(path), out var blob) ? blob.Size : null;

    /// <summary>The credentials this commit was fetched with, so a push to the same remote can use them.</summary>
    public GitCredentials? Credentials { get; init; }

    public string Commit => CommitObject.Sha;
    public string Ref { get; }
    public Commit CommitObject { get; }
    public Repository Repository => _repo;
    public string Message => CommitObject.MessageShort;

    public bool FileExists(string path) => _files.ContainsKey(Normalize(path));

    public IReadOnlyList<string> ListFiles(string directory)
    {
        var prefix = Prefix(directory);
        return _ordered.Where(k => k.StartsWith(prefix, StringComparison.Ordinal) && k.IndexOf('/', prefix.Length) < 0).ToList();
    }

    public IReadOnlyList<string> ListFilesRecursive(string directory)
    {
        var prefix = Prefix(directory);
        return _ordered.Where(k => k.StartsWith(prefix, StringComparison.Ordinal)).ToList();
    }

    public byte[]? ReadBytes(string path)
    {
        if (!_files.TryGetValue(Normalize(path), out var blob)) return null;
        using var stream = blob.GetContentStream();
        using var memory = new MemoryStream((int)blob.Size);
        stream.CopyTo(memory);
        return memory.ToArray();
    }

    /// <summary>Writes the commit's files to a folder (for tools such as ansible-playbook that need paths). Idempotent per commit.</summary>
    public string ExportTo(string snapshotsRoot)
    {
        var target = Path.Combine(snapshotsRoot, Commit);
        if (File.Exists(Path.Combine(target, ".complete"))) return target;
        var staging = target + ".tmp-" + Environment.ProcessId;
        if (Directory.Exists(staging)) Directory.Delete(staging, true);
        foreach (var path in _ordered)
        {
            var file = Path.Combine(staging, path);
            Directory.CreateDirectory(Path.GetDirectoryName(file)!);
            File.WriteAllBytes(file, ReadBytes(path)!);
        }
        Directory.CreateDirectory(staging);
        File.WriteAllText(Path.Combine(staging, ".complete"), Commit);
        try
        {
            Directory.Move(staging, target);
        }
        catch (IOException) when (File.Exists(Path.Combine(target, ".complete")))
        {
            // Another run exported the same commit first; its copy is identical.
            Directory.Delete(staging, true);
        }
        return target;
    }

    public void Dispose() => _repo.Dispose();

    private void Walk(Tree tree, string prefix)
    {
        foreach (var entry in tree)
        {
            var path = prefix + entry.Name;
            switch (entry.TargetType)
            {
                case TreeEntryTargetType.Blob when entry.Mode == Mode.SymbolicLink:
                    _skipped.Add(new SkippedEntry(path, SkipReason.SymbolicLink, LinkTarget((Blob)entry.Target)));
                    break;
                case TreeEntryTargetType.Blob:
                    _files[path] = (Blob)entry.Target;
                    break;
                case TreeEntryTargetType.GitLink:
                    _skipped.Add(new SkippedEntry(path, SkipReason.Submodule, ""));
                    break;
                case TreeEntryTargetType.Tree:
                    Walk((Tree)entry.Target, path + "/");
                    break;
            }
        }
    }

    /// <summary>A link's blob holds its target's path; bounded, since a hostile commit can make it any size.</summary>
    private static string LinkTarget(Blob blob)
    {
        if (blob.Size > 1024) return $"a target of {blob.Size} bytes";
        var text = blob.GetContentText();
        return text.Any(char.IsControl) ? "a target with control characters" : text;
    }

    private static string Prefix(string directory)
    {
        var d = Normalize(directory);
        return d.Length == 0 ? "" : d + "/";
    }

    private static string Normalize(string path) => path.Replace('\\', '/').Trim('/');
}
