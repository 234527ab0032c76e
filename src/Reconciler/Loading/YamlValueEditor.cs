using System.Globalization;
using System.Text;
using GitOpsFleet.Loading.Yaml;
using GitOpsFleet.Model;
using YamlDotNet.Core;

namespace GitOpsFleet.Loading;

/// <summary>
/// Changes one scalar of a YAML text in place: only the characters of that value are replaced, so comments,
/// key order, indentation, flow or block layout and (where the new value allows) the quoting style stay as a
/// person wrote them. Re-serialising would lose all of that, and a reviewer of a drift pull request must see a
/// one-value diff. Paths are dotted keys with optional list indexes: <c>spec.software.version</c>,
/// <c>spec.network.publicIngress[0]</c>.
/// </summary>
public static class YamlValueEditor
{
    /// <summary>Returns the edited text, or throws <see cref="ArgumentException"/> when the path does not name a scalar.</summary>
    public static string SetScalar(string yaml, string path, string value) =>
        TrySetScalar(yaml, path, value, out var updated, out var error) ? updated : throw new ArgumentException(error, nameof(path));

    public static bool TrySetScalar(string yaml, string path, string value, out string updated, out string? error)
    {
        ArgumentNullException.ThrowIfNull(yaml);
        ArgumentNullException.ThrowIfNull(value);
        updated = yaml;
        if (!TryFind(yaml, path, out var target, out var inFlow, out error))
        {
            return false;
        }
        if (target.Style is ScalarStyle.Literal or ScalarStyle.Folded)
        {
            error = $"'{path}' is a block scalar (| or >); only single-line values can be edited in place";
            return false;
        }
        var start = checked((int)target.Start.Index);
        var end = checked((int)target.End.Index);
        if (start < 0 || end > yaml.Length || end < start)
        {
            error = $"'{path}' has no usable location in the text";
            return false;
        }
        var rendered = Render(value, target, inFlow);
        updated = string.Concat(yaml.AsSpan(0, start), rendered, yaml.AsSpan(end));
        return true;
    }

    /// <summary>The scalar's value at <paramref name="path"/>, or null when the path does not name a scalar.</summary>
    public static string? GetScalar(string yaml, string path) =>
        TryFind(yaml, path, out var target, out _, out _) ? target.Value : null;

    private static bool TryFind(string yaml, string path, out ScalarNode target, out bool inFlow, out string? error)
    {
        target = null!;
        inFlow = false;
        var diagnostics = new List<Diagnostic>();
        var document = YamlTreeReader.Read(yaml, "", diagnostics);
        if (document.Failed || document.Root is null)
        {
            error = document.Failed ? "the text is not valid YAML: " + diagnostics[0].Message : "the text holds no YAML document";
            return false;
        }
        if (!TryParsePath(path, out var steps))
        {
            error = $"'{path}' is not a path like spec.software.version or spec.network.publicIngress[0]";
            return false;
        }
        var node = document.Root;
        var walked = "";
        foreach (var step in steps)
        {
            inFlow |= IsFlow(yaml, node);
            switch (step)
            {
                case string key when node is MappingNode map && map.TryGet(key, out var entry):
                    node = entry.Value;
                    walked = walked.Length == 0 ? key : walked + "." + key;
                    break;
                case int index when node is SequenceNode sequence && index < sequence.Items.Count:
                    node = sequence.Items[index];
                    walked += $"[{index}]";
                    break;
                default:
                    error = $"'{path}' does not exist: {(walked.Length == 0 ? "the document" : "'" + walked + "'")} has no {(step is int i ? $"item {i}" : $"field '{step}'")}";
                    return false;
            }
        }
        if (node is not ScalarNode scalar)
        {
            error = $"'{path}' is {node.Describe()}, not a single value";
            return false;
        }
        target = scalar;
        error = null;
        return true;
    }

    private static bool TryParsePath(string path, out List<object> steps)
    {
        steps = new List<object>();
        if (string.IsNullOrWhiteSpace(path))
        {
            return false;
        }
        foreach (var part in path.Split('.'))
        {
            var bracket = part.IndexOf('[');
            var key = bracket < 0 ? part : part[..bracket];
            if (key.Length == 0)
            {
                return false;
            }
            steps.Add(key);
            var rest = bracket < 0 ? "" : part[bracket..];
            while (rest.Length > 0)
            {
                var close = rest.IndexOf(']');
                if (rest[0] != '[' || close < 2 || !int.TryParse(rest.AsSpan(1, close - 1), NumberStyles.None, CultureInfo.InvariantCulture, out var index))
                {
                    return false;
                }
                steps.Add(index);
                rest = rest[(close + 1)..];
            }
        }
        return true;
    }

    /// <summary>Flow collections start with their bracket; block ones start at their first key or dash.</summary>
    private static bool IsFlow(string yaml, Node node)
    {
        var i = (int)node.Start.Index;
        return node is not ScalarNode && i >= 0 && i < yaml.Length && yaml[i] is '{' or '[';
    }

    private static string Render(string value, ScalarNode original, bool inFlow)
    {
        switch (original.Style)
        {
            case ScalarStyle.SingleQuoted when !value.Any(char.IsControl):
                return "'" + value.Replace("'", "''") + "'";
            case ScalarStyle.Plain when IsSafePlain(value, inFlow) && !ChangesMeaning(original, value):
                return value;
            default:
                return DoubleQuoted(value);
        }
    }

    /// <summary>A plain "true" or "null" would stop being a string where the old value was one: quote it then.</summary>
    private static bool ChangesMeaning(ScalarNode original, string value) => Category(value) != Category(original.Value) && Category(value) != 0;

    private static int Category(string plain) => plain switch
    {
        "" or "~" or "null" or "Null" or "NULL" => 1,
        "true" or "True" or "TRUE" or "false" or "False" or "FALSE" => 2,
        _ => 0,
    };

    private static bool IsSafePlain(string value, bool inFlow)
    {
        if (value.Length == 0 || char.IsWhiteSpace(value[0]) || char.IsWhiteSpace(value[^1]) || value[^1] == ':')
        {
            return false;
        }
        var first = value[0];
        if ("#,[]{}&*!|>'\"%@`".Contains(first))
        {
            return false;
        }
        if (first is '-' or '?' or ':' && (value.Length == 1 || value[1] == ' ' || (inFlow && ",[]{}".Contains(value[1]))))
        {
            return false;
        }
        if (value.Contains(": ", StringComparison.Ordinal) || value.Contains(" #", StringComparison.Ordinal) || value.Any(char.IsControl))
        {
            return false;
        }
        return !inFlow || value.IndexOfAny([',', '[', ']', '{', '}']) < 0;
    }

    private static string DoubleQuoted(string value)
    {
        var sb = new StringBuilder(value.Length + 2).Append('"');
        foreach (var c in value)
        {
            switch (c)
            {
                case '"': sb.Append("\\\""); break;
                case '\\': sb.Append("\\\\"); break;
                case '\n': sb.Append("\\n"); break;
                case '\r': sb.Append("\\r"); break;
                case '\t': sb.Append("\\t"); break;
                default:
                    if (char.IsControl(c))
                    {
                        sb.Append("\\u").Append(((int)c).ToString("x4", CultureInfo.InvariantCulture));
                    }
                    else
                    {
                        sb.Append(c);
                    }
                    break;
            }
        }
        return sb.Append('"').ToString();
    }
}
