using System.Text;
using GitOpsFleet.Model;

namespace GitOpsFleet.Loading;

/// <summary>Finding and decoding the files a fleet is read from.</summary>
public sealed partial class FleetLoader
{
    // Throws rather than substituting U+FFFD: a name or version silently changed by decoding would be applied as written.
    private static readonly UTF8Encoding StrictUtf8 = new(encoderShouldEmitUTF8Identifier: false, throwOnInvalidBytes: true);

    /// <summary>pools/*.yaml and pools/*.yml in ordinal order, whatever order the snapshot lists them in.</summary>
    private static List<string> PoolFiles(ISourceSnapshot snapshot)
    {
        var files = new List<string>();
        foreach (var file in snapshot.ListFiles(PoolDirectory))
        {
            if (IsYaml(file))
            {
                files.Add(file);
            }
        }
        files.Sort(StringComparer.Ordinal);
        return files;
    }

    private static bool IsYaml(string path) => path.EndsWith(".yaml", StringComparison.Ordinal) || path.EndsWith(".yml", StringComparison.Ordinal);

    /// <summary>True for fleet.yaml and pools/*.yaml: the files whose absence would change the fleet.</summary>
    private static bool IsFleetFile(string path) =>
        path == FleetDocumentReader.FileName || (path.StartsWith(PoolDirectory + "/", StringComparison.Ordinal) && IsYaml(path) && path.IndexOf('/', PoolDirectory.Length + 1) < 0);

    /// <summary>
    /// The file's text, or null when it is refused (reported): larger than the limit, checked before decoding so
    /// that a huge push costs no parse, or not UTF-8.
    /// </summary>
    private static string? Text(ISourceSnapshot snapshot, string path, FleetLoadOptions options, List<Diagnostic> diagnostics)
    {
        // A size the snapshot knows (a Git blob's) is checked before the bytes are read at all.
        var size = snapshot.SizeOf(path);
        var bytes = size > options.MaxFileBytes ? null : snapshot.ReadBytes(path) ?? [];
        if (bytes is null || bytes.Length > options.MaxFileBytes)
        {
            diagnostics.Add(new Diagnostic(DiagnosticCodes.FileTooLarge, DiagnosticSeverity.Error,
                $"the file is {size ?? bytes!.Length} bytes, more than the limit of {options.MaxFileBytes}; it was not read", path, 0, 0));
            return null;
        }
        string text;
        try
        {
            text = StrictUtf8.GetString(bytes);
        }
        catch (DecoderFallbackException e)
        {
            var (line, column) = Locate(bytes, e.Index);
            var at = e.Index >= 0 && e.Index < bytes.Length ? $" (byte 0x{bytes[e.Index]:X2})" : "";
            diagnostics.Add(new Diagnostic(DiagnosticCodes.InvalidUtf8, DiagnosticSeverity.Error,
                $"the file is not valid UTF-8{at}; save it as UTF-8", path, line, column));
            return null;
        }
        return text.Length > 0 && text[0] == '\uFEFF' ? text[1..] : text;
    }

    /// <summary>Line and column (in characters) of a byte offset; (0, 0) when the offset is unknown.</summary>
    private static (int Line, int Column) Locate(byte[] bytes, int offset)
    {
        if (offset < 0 || offset > bytes.Length)
        {
            return (0, 0);
        }
        var before = bytes.AsSpan(0, offset);
        var lineStart = before.LastIndexOf((byte)'\n') + 1;
        var column = 1;
        foreach (var b in before[lineStart..])
        {
            // UTF-8 continuation bytes (10xxxxxx) do not start a character.
            if ((b & 0xC0) != 0x80)
            {
                column++;
            }
        }
        return (before.Count((byte)'\n') + 1, column);
    }

    /// <summary>
    /// What the snapshot (a Git tree or a plain folder) refused to read, and folders named like pool files. Errors for the files the
    /// fleet is made of (a missing pool would shrink the fleet), warnings for the rest.
    /// </summary>
    private static void ReportUnreadEntries(ISourceSnapshot snapshot, List<Diagnostic> diagnostics)
    {
        var folders = new SortedSet<string>(StringComparer.Ordinal);
        // Any snapshot shows pools/x.yaml/ by the files inside it; only a folder snapshot can show an empty one.
        foreach (var file in snapshot.ListFilesRecursive(PoolDirectory))
        {
            var slash = file.IndexOf('/', PoolDirectory.Length + 1);
            if (slash > 0 && IsYaml(file[..slash]))
            {
                folders.Add(file[..slash]);
            }
        }
        foreach (var entry in snapshot.Skipped)
        {
            var severity = IsFleetFile(entry.Path) ? DiagnosticSeverity.Error : DiagnosticSeverity.Warning;
            switch (entry.Reason)
            {
                case SkipReason.SymbolicLink:
                    diagnostics.Add(new Diagnostic(DiagnosticCodes.UnreadableEntry, severity,
                        $"a symbolic link (to {entry.Detail}); links are not followed, so it was not read", entry.Path, 0, 0));
                    break;
                case SkipReason.SpecialFile:
                    diagnostics.Add(new Diagnostic(DiagnosticCodes.UnreadableEntry, severity,
                        "a device, pipe or socket, not a regular file; it was not read", entry.Path, 0, 0));
                    break;
                case SkipReason.TooLarge:
                    diagnostics.Add(new Diagnostic(DiagnosticCodes.FileTooLarge, severity,
                        $"the file is {entry.Detail} bytes, over the size limit; it was not read", entry.Path, 0, 0));
                    break;
                case SkipReason.DirectoryNamedLikeFile when IsFleetFile(entry.Path):
                    folders.Add(entry.Path);
                    break;
                case SkipReason.Submodule when IsFleetFile(entry.Path):
                    diagnostics.Add(new Diagnostic(DiagnosticCodes.UnreadableEntry, severity,
                        "a Git submodule, not a file; it was not read", entry.Path, 0, 0));
                    break;
            }
        }
        foreach (var folder in folders)
        {
            diagnostics.Add(new Diagnostic(DiagnosticCodes.DirectoryInsteadOfFile, DiagnosticSeverity.Warning,
                $"a folder where a file belongs; it is ignored (fleet.yaml and pool files are files, directly in the fleet's folder and in {PoolDirectory}/)", folder, 0, 0));
        }
    }
}
