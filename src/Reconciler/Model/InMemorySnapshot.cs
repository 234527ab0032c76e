using System.Runtime.InteropServices;

namespace GitOpsFleet.Model;

/// <summary>A snapshot held in memory: used for tests, benchmarks and files that are not in Git yet.</summary>
public sealed class InMemorySnapshot : ISourceSnapshot
{
    /// <summary>Largest file <see cref="FromDirectory"/> reads; the fleet loader's default limit per file.</summary>
    public const long DefaultMaxFileBytes = 1024 * 1024;

    private readonly SortedDictionary<string, byte[]> _files = new(StringComparer.Ordinal);

    public InMemorySnapshot(string commit, IEnumerable<KeyValuePair<string, string>> files)
    {
        Commit = commit;
        foreach (var (path, text) in files)
        {
            _files[Normalize(path)] = System.Text.Encoding.UTF8.GetBytes(text);
        }
    }

    private InMemorySnapshot(string commit, IEnumerable<KeyValuePair<string, byte[]>> files, IReadOnlyList<SkippedEntry> skipped)
    {
        Commit = commit;
        foreach (var (path, bytes) in files)
        {
            _files[Normalize(path)] = bytes;
        }
        Skipped = skipped;
    }

    public string Commit { get; }

    /// <summary>What <see cref="FromDirectory"/> saw but did not read as a file, in path order; the loader reports these.</summary>
    public IReadOnlyList<SkippedEntry> Skipped { get; } = [];


    /// <summary>
    /// Reads every regular file under a directory of the local file system (hidden entries such as .git are
    /// skipped). The folder is an author's work tree, not trusted content: links are recorded in
    /// <see cref="Skipped"/> rather than followed, special files are never opened, and files larger than
    /// <paramref name="maxFileBytes"/> are never read.
    /// </summary>
    public static InMemorySnapshot FromDirectory(string root, string commit = "working-directory", long maxFileBytes = DefaultMaxFileBytes)
    {
        var files = new List<KeyValuePair<string, byte[]>>();
        var skipped = new List<SkippedEntry>();
        var pending = new Stack<DirectoryInfo>();
        pending.Push(new DirectoryInfo(root));
        while (pending.TryPop(out var directory))
        {
            foreach (var entry in directory.EnumerateFileSystemInfos())
            {
                if (entry.Name.StartsWith('.'))
                {
                    continue;
                }
                var relative = Path.GetRelativePath(root, entry.FullName).Replace('\\', '/');
                if (entry.LinkTarget is { } target)
                {
                    skipped.Add(new SkippedEntry(relative, SkipReason.SymbolicLink, target));
                }
                else if (entry is DirectoryInfo folder)
                {
                    if (folder.Name.EndsWith(".yaml", StringComparison.Ordinal) || folder.Name.EndsWith(".yml", StringComparison.Ordinal))
                    {
                        skipped.Add(new SkippedEntry(relative, SkipReason.DirectoryNamedLikeFile, ""));
                    }
                    pending.Push(folder);
                }
                else if (entry is FileInfo file)
                {
                    if (FileKind.IsRegular(file.FullName) == false)
                    {
                        skipped.Add(new SkippedEntry(relative, SkipReason.SpecialFile, ""));
                    }
                    else if (file.Length > maxFileBytes)
                    {
                        skipped.Add(new SkippedEntry(relative, SkipReason.TooLarge, file.Length.ToString(System.Globalization.CultureInfo.InvariantCulture)));
                    }
                    else if (ReadAtMost(file, maxFileBytes) is { } bytes)
                    {
                        files.Add(new(relative, bytes));
                    }
                    else
                    {
                        // It grew past the limit between the size check and the read.
                        skipped.Add(new SkippedEntry(relative, SkipReason.TooLarge, file.Length.ToString(System.Globalization.CultureInfo.InvariantCulture)));
                    }
                }
            }
        }
        skipped.Sort((a, b) => string.CompareOrdinal(a.Path, b.Path));
        return new InMemorySnapshot(commit, files, skipped);
    }

    /// <summary>The file's bytes, or null when it holds more than <paramref name="limit"/>.</summary>
    private static byte[]? ReadAtMost(FileInfo file, long limit)
    {
        // Where the file type is unknown (not Linux), a zero length is what devices and pipes report: an empty
        // regular file reads as nothing anyway, so nothing of that length is ever opened.
        if (file.Length == 0)
        {
            return [];
        }
        using var stream = new FileStream(file.FullName, FileMode.Open, FileAccess.Read, FileShare.Read, bufferSize: 1, FileOptions.SequentialScan);
        var buffer = new MemoryStream((int)Math.Min(file.Length, limit));
        var chunk = new byte[81920];
        int read;
        while ((read = stream.Read(chunk, 0, chunk.Length)) > 0)
        {
            if (buffer.Length + read > limit)
            {
                return null;
            }
            buffer.Write(chunk, 0, read);
        }
        return buffer.ToArray();
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

    /// <summary>
    /// The file type, which .NET does not expose (a FIFO and a regular file both look "Normal"). statx(2) is used
    /// because its buffer has one layout on every Linux architecture, unlike stat(2).
    /// </summary>
    private static class FileKind
    {
        private const int AtFdCwd = -100;
        private const int AtSymlinkNoFollow = 0x100;
        private const uint StatxType = 0x1;
        private const int ModeOffset = 28;
        private const int TypeMask = 0xF000;
        private const int RegularType = 0x8000;

        /// <summary>True for a regular file, false for anything else, null when the type cannot be told.</summary>
        public static bool? IsRegular(string path)
        {
            if (!OperatingSystem.IsLinux())
            {
                return null;
            }
            var buffer = new byte[256];
            try
            {
                if (statx(AtFdCwd, path, AtSymlinkNoFollow, StatxType, buffer) != 0 || (BitConverter.ToUInt32(buffer, 0) & StatxType) == 0)
                {
                    return null;
                }
            }
            catch (Exception e) when (e is EntryPointNotFoundException or DllNotFoundException)
            {
                return null;
            }
            return (BitConverter.ToUInt16(buffer, ModeOffset) & TypeMask) == RegularType;
        }

        [DllImport("libc", SetLastError = true)]
#pragma warning disable SYSLIB1054 // LibraryImport would need unsafe code enabled for the whole project, as in ProcessTable.
        private static extern int statx(int dirfd, [MarshalAs(UnmanagedType.LPUTF8Str)] string path, int flags, uint mask, [Out] byte[] buffer);
#pragma warning restore SYSLIB1054
    }
}
