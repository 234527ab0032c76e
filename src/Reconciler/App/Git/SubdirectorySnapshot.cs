using GitOpsFleet.Model;

namespace GitOpsFleet.Reconciler.Git;

/// <summary>One folder of a commit, seen as if it were the repository's root (a fleet kept below the root of a shared repository).</summary>
internal sealed class SubdirectorySnapshot(ISourceSnapshot inner, string folder) : ISourceSnapshot
{
    private readonly string _prefix = folder.Replace('\\', '/').Trim('/') + "/";

    public string Commit => inner.Commit;

    public string Folder => _prefix.TrimEnd('/');

    public bool FileExists(string path) => inner.FileExists(Full(path));

    public IReadOnlyList<string> ListFiles(string directory) => inner.ListFiles(Full(directory)).Select(Strip).ToList();

    public IReadOnlyList<string> ListFilesRecursive(string directory) => inner.ListFilesRecursive(Full(directory)).Select(Strip).ToList();

    public byte[]? ReadBytes(string path) => inner.ReadBytes(Full(path));

    public long? SizeOf(string path) => inner.SizeOf(Full(path));

    public IReadOnlyList<SkippedEntry> Skipped =>
        inner.Skipped.Where(e => e.Path.StartsWith(_prefix, StringComparison.Ordinal)).Select(e => e with { Path = Strip(e.Path) }).ToList();

    public string Full(string path) => _prefix + path.Replace('\\', '/').Trim('/');

    private string Strip(string path) => path[_prefix.Length..];
}
