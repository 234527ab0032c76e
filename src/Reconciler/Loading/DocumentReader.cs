using GitOpsFleet.Loading.Yaml;
using GitOpsFleet.Model;

namespace GitOpsFleet.Loading;

/// <summary>
/// Reads typed values out of one file's tree. Every accessor records what is wrong and returns null instead
/// of throwing, so a single pass over a file reports all of its problems; callers check <see cref="ErrorCount"/>
/// to decide whether the file produced a usable model.
/// </summary>
internal sealed partial class DocumentReader
{
    private readonly List<Diagnostic> _diagnostics;

    public DocumentReader(string path, ISourceSnapshot snapshot, List<Diagnostic> diagnostics)
    {
        Path = path;
        Snapshot = snapshot;
        _diagnostics = diagnostics;
    }

    public string Path { get; }

    public ISourceSnapshot Snapshot { get; }

    public int ErrorCount { get; private set; }

    public void Error(string code, Node at, string message) => Error(code, at.Line, at.Column, message);

    public void Error(string code, int line, int column, string message)
    {
        ErrorCount++;
        _diagnostics.Add(new Diagnostic(code, DiagnosticSeverity.Error, message, Path, line, column));
    }

    /// <summary>Reports every key the mapping does not know, with the closest known name as a hint.</summary>
    public void CheckFields(MappingNode map, string path, FieldTable fields)
    {
        foreach (var entry in map.Entries)
        {
            var key = entry.Key.Value;
            if (fields.Contains(key))
            {
                continue;
            }
            var hint = Spelling.Hint(key, fields.Names);
            if (hint.Length == 0)
            {
                hint = "; expected one of: " + string.Join(", ", fields.Names);
            }
            Error(DiagnosticCodes.UnknownField, entry.Key, $"unknown field '{key}' {FieldPath.Where(path)}{hint}");
        }
    }

    /// <summary>The value of <paramref name="key"/>, or null when it is absent or written as null (reported when required).</summary>
    public Node? Find(MappingNode map, string path, string key, bool required)
    {
        if (map.TryGet(key, out var entry))
        {
            if (entry.Value is not ScalarNode { IsNull: true })
            {
                return entry.Value;
            }
            if (required)
            {
                Error(DiagnosticCodes.MissingField, entry.Key, $"required field '{new FieldPath(path, key)}' has no value");
            }
            return null;
        }
        if (required)
        {
            Error(DiagnosticCodes.MissingField, map, $"missing required field '{key}' {FieldPath.Where(path)}");
        }
        return null;
    }

    public MappingNode? Mapping(MappingNode map, string path, string key, bool required = false)
    {
        var node = Find(map, path, key, required);
        switch (node)
        {
            case null:
                return null;
            case MappingNode m:
                return m;
            default:
                Error(DiagnosticCodes.WrongType, node, $"{new FieldPath(path, key)} must be a mapping, got {node.Describe()}");
                return null;
        }
    }

    public SequenceNode? Sequence(MappingNode map, string path, string key, bool required = false)
    {
        var node = Find(map, path, key, required);
        switch (node)
        {
            case null:
                return null;
            case SequenceNode s:
                return s;
            default:
                Error(DiagnosticCodes.WrongType, node, $"{new FieldPath(path, key)} must be a list, got {node.Describe()}");
                return null;
        }
    }
}
