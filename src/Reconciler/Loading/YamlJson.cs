using System.Buffers;
using System.Globalization;
using System.Text.Json;
using GitOpsFleet.Loading.Yaml;

namespace GitOpsFleet.Loading;

/// <summary>Converts a YAML tree to JSON for values the loader passes on without knowing their shape (ansible vars).</summary>
internal static class YamlJson
{
    // Aliases make the tree a graph; expanding "billion laughs" input must stop long before memory does.
    private const int MaxNodes = 100_000;

    public static bool TryConvert(Node node, out JsonElement json)
    {
        var buffer = new ArrayBufferWriter<byte>();
        var budget = MaxNodes;
        using (var writer = new Utf8JsonWriter(buffer))
        {
            if (!Write(writer, node, ref budget))
            {
                json = default;
                return false;
            }
        }
        using var document = JsonDocument.Parse(buffer.WrittenMemory);
        json = document.RootElement.Clone();
        return true;
    }

    private static bool Write(Utf8JsonWriter writer, Node node, ref int budget)
    {
        if (--budget < 0)
        {
            return false;
        }
        switch (node)
        {
            case MappingNode mapping:
                writer.WriteStartObject();
                foreach (var entry in mapping.Entries)
                {
                    writer.WritePropertyName(entry.Key.Value);
                    if (!Write(writer, entry.Value, ref budget))
                    {
                        return false;
                    }
                }
                writer.WriteEndObject();
                return true;
            case SequenceNode sequence:
                writer.WriteStartArray();
                foreach (var item in sequence.Items)
                {
                    if (!Write(writer, item, ref budget))
                    {
                        return false;
                    }
                }
                writer.WriteEndArray();
                return true;
            case ScalarNode scalar:
                WriteScalar(writer, scalar);
                return true;
            default:
                throw new InvalidOperationException("unknown node type " + node.GetType().Name);
        }
    }

    private static void WriteScalar(Utf8JsonWriter writer, ScalarNode scalar)
    {
        if (!scalar.IsPlain)
        {
            writer.WriteStringValue(scalar.Value);
            return;
        }
        var text = scalar.Value;
        if (scalar.IsNull)
        {
            writer.WriteNullValue();
        }
        else if (text is "true" or "True" or "TRUE")
        {
            writer.WriteBooleanValue(true);
        }
        else if (text is "false" or "False" or "FALSE")
        {
            writer.WriteBooleanValue(false);
        }
        else if (long.TryParse(text, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var integer))
        {
            writer.WriteNumberValue(integer);
        }
        else if (text.StartsWith("0x", StringComparison.Ordinal)
                 && long.TryParse(text.AsSpan(2), NumberStyles.AllowHexSpecifier, CultureInfo.InvariantCulture, out var hex))
        {
            writer.WriteNumberValue(hex);
        }
        else if (IsFloat(text) && double.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out var real) && double.IsFinite(real))
        {
            writer.WriteNumberValue(real);
        }
        else
        {
            writer.WriteStringValue(text);
        }
    }

    /// <summary>YAML 1.2 core float syntax; double.TryParse alone would also accept "Infinity" and thousands of odd forms.</summary>
    private static bool IsFloat(string text)
    {
        var i = 0;
        if (i < text.Length && text[i] is '+' or '-')
        {
            i++;
        }
        var digits = 0;
        while (i < text.Length && char.IsAsciiDigit(text[i]))
        {
            i++;
            digits++;
        }
        if (i < text.Length && text[i] == '.')
        {
            i++;
            while (i < text.Length && char.IsAsciiDigit(text[i]))
            {
                i++;
                digits++;
            }
        }
        if (digits == 0)
        {
            return false;
        }
        if (i < text.Length && text[i] is 'e' or 'E')
        {
            i++;
            if (i < text.Length && text[i] is '+' or '-')
            {
                i++;
            }
            var exponent = 0;
            while (i < text.Length && char.IsAsciiDigit(text[i]))
            {
                i++;
                exponent++;
            }
            if (exponent == 0)
            {
                return false;
            }
        }
        return i == text.Length;
    }
}
