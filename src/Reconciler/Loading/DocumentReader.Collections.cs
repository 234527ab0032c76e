using System.Text.Json;
using GitOpsFleet.Loading.Yaml;

namespace GitOpsFleet.Loading;

internal sealed partial class DocumentReader
{
    private static readonly IReadOnlyDictionary<string, string> NoLabels = new Dictionary<string, string>(StringComparer.Ordinal);

    /// <summary>A mapping of names to scalar values (labels). Absent means empty.</summary>
    public IReadOnlyDictionary<string, string>? StringMap(MappingNode map, string path, string key)
    {
        var node = Find(map, path, key, required: false);
        if (node is null)
        {
            return NoLabels;
        }
        if (node is not MappingNode mapping)
        {
            Error(DiagnosticCodes.WrongType, node, $"{new FieldPath(path, key)} must be a mapping of names to values, got {node.Describe()}");
            return null;
        }
        var result = new Dictionary<string, string>(mapping.Entries.Count, StringComparer.Ordinal);
        var ok = true;
        foreach (var entry in mapping.Entries)
        {
            if (entry.Value is ScalarNode scalar)
            {
                result[entry.Key.Value] = scalar.IsNull ? "" : scalar.Value;
            }
            else
            {
                Error(DiagnosticCodes.WrongType, entry.Value,
                    $"{new FieldPath(new FieldPath(path, key).ToString(), entry.Key.Value)} must be a string, got {entry.Value.Describe()}");
                ok = false;
            }
        }
        return ok ? result : null;
    }

    /// <summary>A list of integers, each within the bounds the table declares.</summary>
    public IReadOnlyList<int>? IntegerList(MappingNode map, string path, KnownField field) =>
        IntegerList(map, path, field.Name, field.Minimum ?? int.MinValue, field.Maximum ?? int.MaxValue);

    public IReadOnlyList<int>? IntegerList(MappingNode map, string path, string key, int minimum, int maximum)
    {
        if (Sequence(map, path, key) is not { } sequence)
        {
            return null;
        }
        var result = new int[sequence.Items.Count];
        var ok = true;
        for (var i = 0; i < result.Length; i++)
        {
            if (ToInteger(sequence.Items[i], $"{new FieldPath(path, key)}[{i}]", minimum, maximum) is { } value)
            {
                result[i] = value;
            }
            else
            {
                ok = false;
            }
        }
        return ok ? result : null;
    }

    /// <summary>A list of names, each matching the field's item pattern, without repeats. Absent means null.</summary>
    public IReadOnlyList<string>? NameList(MappingNode map, string path, KnownField field)
    {
        if (Sequence(map, path, field.Name) is not { } sequence)
        {
            return null;
        }
        var pattern = new System.Text.RegularExpressions.Regex(field.ItemPattern ?? ".*", System.Text.RegularExpressions.RegexOptions.CultureInvariant);
        var result = new List<string>(sequence.Items.Count);
        var ok = true;
        for (var i = 0; i < sequence.Items.Count; i++)
        {
            var item = sequence.Items[i];
            var name = $"{new FieldPath(path, field.Name)}[{i}]";
            if (item is not ScalarNode { IsNull: false } scalar)
            {
                Error(DiagnosticCodes.WrongType, item, $"{name} must be a name, got {item.Describe()}");
                ok = false;
            }
            else if (!pattern.IsMatch(scalar.Value))
            {
                Error(DiagnosticCodes.InvalidValue, item, $"{name} '{scalar.Value}' is not an account name (letters, digits, '.', '_' and '-')");
                ok = false;
            }
            else if (result.Contains(scalar.Value, StringComparer.OrdinalIgnoreCase))
            {
                // Forge logins are case-insensitive, so alice and Alice are one person, who would count twice toward approvals.required.
                Error(DiagnosticCodes.InvalidValue, item, $"{name} '{scalar.Value}' is listed twice");
                ok = false;
            }
            else
            {
                result.Add(scalar.Value);
            }
        }
        return ok ? result : null;
    }

    /// <summary>
    /// A path inside the fleet repository that must exist in this commit: a scaling script or playbook that is
    /// missing would only fail later, at the worst moment, so it is a load error.
    /// </summary>
    public string? RepositoryPath(MappingNode map, string path, string key, bool required, bool directoryAllowed = false)
    {
        if (Scalar(map, path, key, required) is not { } scalar)
        {
            return null;
        }
        var name = new FieldPath(path, key);
        var value = scalar.Value.Trim();
        while (value.StartsWith("./", StringComparison.Ordinal))
        {
            value = value[2..];
        }
        if (value.Length == 0 || value.StartsWith('/') || value.Contains('\\') || value.Contains(':')
            || value.Split('/').Any(part => part == ".."))
        {
            Error(DiagnosticCodes.PathOutsideRepository, scalar,
                $"{name} '{scalar.Value}' must be a relative path inside the fleet repository, with '/' and without '..'");
            return null;
        }
        var trimmed = value.TrimEnd('/');
        if (Snapshot.FileExists(trimmed) || (directoryAllowed && Snapshot.ListFilesRecursive(trimmed).Count > 0))
        {
            return trimmed;
        }
        var slash = trimmed.LastIndexOf('/');
        var siblings = Snapshot.ListFiles(slash < 0 ? "" : trimmed[..slash]);
        Error(DiagnosticCodes.FileNotInCommit, scalar,
            $"{name} '{scalar.Value}' does not exist in commit {ShortCommit(Snapshot.Commit)}{Spelling.Hint(trimmed, siblings)}");
        return null;
    }

    /// <summary>Any mapping, as JSON (ansible vars): plain scalars resolve to null, booleans and numbers like YAML 1.2's core schema.</summary>
    public JsonElement? JsonMapping(MappingNode map, string path, string key)
    {
        var node = Find(map, path, key, required: false);
        if (node is null)
        {
            return null;
        }
        if (node is not MappingNode)
        {
            Error(DiagnosticCodes.WrongType, node, $"{new FieldPath(path, key)} must be a mapping, got {node.Describe()}");
            return null;
        }
        if (!YamlJson.TryConvert(node, out var json))
        {
            Error(DiagnosticCodes.InvalidValue, node, $"{new FieldPath(path, key)} is too large once its aliases are expanded");
            return null;
        }
        return json;
    }

    private static string ShortCommit(string commit) => commit.Length > 12 && commit.All(char.IsAsciiHexDigit) ? commit[..12] : commit;
}
