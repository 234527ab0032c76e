using GitOpsFleet.Model;

namespace GitOpsFleet.Loading;

/// <summary>
/// Serialises access to a snapshot while pool files are validated in parallel: a snapshot backed by a git
/// repository is not safe to read from several threads, and the few existence checks a pool makes are cheap.
/// </summary>
internal sealed class SynchronizedSnapshot(ISourceSnapshot inner) : ISourceSnapshot
{
    private readonly Lock _lock = new();

    public string Commit => inner.Commit;

    public bool FileExists(string path)
    {
        lock (_lock)
        {
            return inner.FileExists(path);
        }
    }

    public IReadOnlyList<string> ListFiles(string directory)
    {
        lock (_lock)
        {
            return inner.ListFiles(directory);
        }
    }

    public IReadOnlyList<string> ListFilesRecursive(string directory)
    {
        lock (_lock)
        {
            return inner.ListFilesRecursive(directory);
        }
    }

    public IReadOnlyList<SkippedEntry> Skipped => inner.Skipped;

    public long? SizeOf(string path)
    {
        lock (_lock)
        {
            return inner.SizeOf(path);
        }
    }

    public byte[]? ReadBytes(string path)
    {
        lock (_lock)
        {
            return inner.ReadBytes(path);
        }
    }
}
