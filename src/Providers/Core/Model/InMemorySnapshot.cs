namespace GitOpsFleet.Providers.Model;

/// <summary>A snapshot held in memory: used for tests, benchmarks and files that are not in Git yet.</summary>
public sealed class InMemorySnapshot : ISourceSnapshot
{
    private readonly SortedDictionary<string, byte[]> _files = new(StringComparer.Ordinal);

    public InMemorySnapshot(string commit, IEnumerable<KeyValuePair<string, string>> files)
    {
        Commit = commit;
        foreach (var (path, text) in files)
        {
            _files[Normalize(path)] = System.Text.Encoding.UTF8.GetBytes(text);
        }
    }

    public string Commit { get; }

    /// <summary>Reads every file under a directory of the local file system (hidden folders such as .git are skipped).</summary>
    public static InMemorySnapshot FromDirectory(string root, string commit = "working-directory")
    {
        var files = new List<KeyValuePair<string, string>>();
        foreach (var file in Directory.EnumerateFiles(root, "*", SearchOption.AllDirectories))
        {
            var relative = Path.GetRelativePath(root, file).Replace('\\', '/');
            if (relative.Split('/').Any(part => part.StartsWith('.'))) continue;
            files.Add(new(relative, File.ReadAllText(file)));
        }
        return new InMemorySnapshot(commit, files);
    }

    public bool FileExists(string path) => _files.ContainsKey(Normalize(path));

    public IReadOnlyList<string> ListFiles(string directory)
    {
        var prefix = Prefix(directory);
        return _files.Keys.Where(k => k.StartsWith(prefix, StringComparison.Ordinal) && k.IndexOf('/', prefix.Length) < 0).ToList();
    }

    public IReadOnlyList<string> ListFilesRecursive(string directory)
    {
        var prefix = Prefix(directory);
        return _files.Keys.Where(k => k.StartsWith(prefix, StringComparison.Ordinal)).ToList();
    }

    public byte[]? ReadBytes(string path) => _files.TryGetValue(Normalize(path), out var bytes) ? bytes : null;

    private static string Prefix(string directory)
    {
        var d = Normalize(directory);
        return d.Length == 0 ? "" : d + "/";
    }

    private static string Normalize(string path) => path.Replace('\\', '/').Trim('/').Replace("//", "/");
}
