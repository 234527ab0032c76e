using System.Globalization;
using GitOpsFleet.Loading.Yaml;

namespace GitOpsFleet.Loading;

internal sealed partial class DocumentReader
{
    /// <summary>Any scalar's text. "version: 1.20" stays "1.20": fleet files mean the text, not YAML's float.</summary>
    public string? String(MappingNode map, string path, string key, bool required = false) =>
        Find(map, path, key, required) is { } node ? ToString(node, new FieldPath(path, key)) : null;

    public ScalarNode? Scalar(MappingNode map, string path, string key, bool required = false)
    {
        var node = Find(map, path, key, required);
        if (node is null or ScalarNode)
        {
            return (ScalarNode?)node;
        }
        Error(DiagnosticCodes.WrongType, node, $"{new FieldPath(path, key)} must be a string, got {node.Describe()}");
        return null;
    }

    public string? ToString(Node node, FieldPath name)
    {
        if (node is ScalarNode scalar)
        {
            return scalar.Value;
        }
        Error(DiagnosticCodes.WrongType, node, $"{name} must be a string, got {node.Describe()}");
        return null;
    }

    public int? Integer(MappingNode map, string path, string key, bool required = false, int minimum = 0, int maximum = int.MaxValue) =>
        Find(map, path, key, required) is { } node ? ToInteger(node, new FieldPath(path, key).ToString(), minimum, maximum) : null;

    /// <summary>An integer within the bounds its table declares.</summary>
    public int? Integer(MappingNode map, string path, KnownField field) =>
        Integer(map, path, field.Name, field.Required, field.Minimum ?? 0, field.Maximum ?? int.MaxValue);

    public int? ToInteger(Node node, string name, int minimum, int maximum)
    {
        if (node is not ScalarNode scalar)
        {
            Error(DiagnosticCodes.WrongType, node, $"{name} must be an integer, got {node.Describe()}");
            return null;
        }
        if (!long.TryParse(scalar.Value, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var value))
        {
            Error(DiagnosticCodes.WrongType, node, $"{name} must be an integer, got {node.Describe()}");
            return null;
        }
        if (!scalar.IsPlain)
        {
            // YAML reads a quoted number as a string; say how to fix it rather than just "wrong type".
            Error(DiagnosticCodes.WrongType, node, $"{name} must be an integer, got {node.Describe()}; remove the quotes");
            return null;
        }
        if (value < minimum)
        {
            var rule = minimum == 0 ? "must not be negative" : $"must be at least {minimum}";
            Error(DiagnosticCodes.OutOfRange, node, $"{name} {rule}, got {value}");
            return null;
        }
        if (value > maximum)
        {
            Error(DiagnosticCodes.OutOfRange, node, $"{name} must be at most {maximum}, got {value}");
            return null;
        }
        return (int)value;
    }

    public bool? Boolean(MappingNode map, string path, string key)
    {
        if (Find(map, path, key, required: false) is not { } node)
        {
            return null;
        }
        if (node is ScalarNode { IsPlain: true } scalar)
        {
            switch (scalar.Value)
            {
                case "true" or "True" or "TRUE":
                    return true;
                case "false" or "False" or "FALSE":
                    return false;
            }
        }
        Error(DiagnosticCodes.WrongType, node, $"{new FieldPath(path, key)} must be true or false, got {node.Describe()}");
        return null;
    }

    public TimeSpan? Duration(MappingNode map, string path, string key, bool required = false)
    {
        if (Find(map, path, key, required) is not { } node)
        {
            return null;
        }
        if (node is ScalarNode scalar && Durations.TryParse(scalar.Value, out var duration))
        {
            return duration;
        }
        var code = node is ScalarNode ? DiagnosticCodes.BadDuration : DiagnosticCodes.WrongType;
        Error(code, node, $"{new FieldPath(path, key)} must be a duration such as 30s, 2m or 1h, got {node.Describe()}");
        return null;
    }

    public T? Choice<T>(MappingNode map, string path, string key, ChoiceTable<T> choices, bool required = false)
        where T : struct
    {
        if (Find(map, path, key, required) is not { } node)
        {
            return null;
        }
        if (node is ScalarNode scalar && choices.TryGet(scalar.Value, out var value))
        {
            return value;
        }
        var got = node.Describe();
        var hint = node is ScalarNode s ? Spelling.Hint(s.Value, choices.Names) : "";
        var code = node is ScalarNode ? DiagnosticCodes.BadEnumValue : DiagnosticCodes.WrongType;
        Error(code, node, $"{new FieldPath(path, key)} must be one of {string.Join(", ", choices.Names)}; got {got}{hint}");
        return null;
    }
}
