namespace GitOpsFleet.Model;

/// <summary>
/// The files of one commit, read-only. Paths are repository-relative with '/' separators.
/// Reading the commit's tree rather than a work tree means nobody can edit what a run sees.
/// </summary>
public interface ISourceSnapshot
{
    string Commit { get; }

    bool FileExists(string path);

    /// <summary>Files directly inside <paramref name="directory"/> ("" for the root), sorted ordinally.</summary>
    IReadOnlyList<string> ListFiles(string directory);

    /// <summary>Every file under <paramref name="directory"/>, recursively, sorted ordinally.</summary>
    IReadOnlyList<string> ListFilesRecursive(string directory);

    /// <summary>The file's bytes, or null when it does not exist.</summary>
    byte[]? ReadBytes(string path);

    /// <summary>The file's size in bytes without reading it, where the snapshot knows it; null otherwise.</summary>
    long? SizeOf(string path) => null;

    /// <summary>Entries seen but not offered as files (links, devices, oversized files, submodules), in path order.</summary>
    IReadOnlyList<SkippedEntry> Skipped => [];

    string? ReadText(string path) => ReadBytes(path) is { } bytes ? System.Text.Encoding.UTF8.GetString(bytes) : null;
}
