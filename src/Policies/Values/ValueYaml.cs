using System.Globalization;
using System.Text;
using System.Text.RegularExpressions;
using YamlDotNet.Core;
using YamlDotNet.RepresentationModel;

namespace GitOpsFleet.Policies.Values;

/// <summary>YAML to and from Rego values (YAML 1.2 core schema for plain scalars).</summary>
public static partial class ValueYaml
{
    /// <exception cref="YamlException">When the text is not valid YAML.</exception>
    public static Value Parse(string yaml)
    {
        var stream = new YamlStream();
        stream.Load(new StringReader(yaml));
        if (stream.Documents.Count == 0)
        {
            return Value.Null;
        }

        return FromNode(stream.Documents[0].RootNode);
    }

    public static Value FromNode(YamlNode node)
    {
        switch (node)
        {
            case YamlScalarNode s:
                return Scalar(s);
            case YamlSequenceNode seq:
            {
                var items = new Value[seq.Children.Count];
                for (var i = 0; i < items.Length; i++)
                {
                    items[i] = FromNode(seq.Children[i]);
                }

                return new ArrayValue(items);
            }

            case YamlMappingNode map:
            {
                var b = new ObjectBuilder();
                foreach (var kv in map.Children)
                {
                    var key = FromNode(kv.Key);
                    b.Set(key is StringValue ? key : new StringValue(kv.Key is YamlScalarNode ks ? ks.Value ?? string.Empty : key.ToString()), FromNode(kv.Value));
                }

                return b.Build();
            }

            default:
                return Value.Null;
        }
    }

    private static Value Scalar(YamlScalarNode s)
    {
        var text = s.Value ?? string.Empty;
        if (s.Style is ScalarStyle.SingleQuoted or ScalarStyle.DoubleQuoted or ScalarStyle.Literal or ScalarStyle.Folded)
        {
            return new StringValue(text);
        }

        if (!s.Tag.IsEmpty && !s.Tag.IsNonSpecific && s.Tag.Value == "tag:yaml.org,2002:str")
        {
            return new StringValue(text);
        }

        switch (text)
        {
            case "" or "~" or "null" or "Null" or "NULL":
                return Value.Null;
            case "true" or "True" or "TRUE":
                return Value.True;
            case "false" or "False" or "FALSE":
                return Value.False;
        }

        if (IntPattern().IsMatch(text) || FloatPattern().IsMatch(text))
        {
            if (NumberValue.TryParse(text, out var n))
            {
                // OPA reads YAML through float64 and JSON, so the written form (2.0) is not kept.
                return n.WithoutText();
            }
        }

        if (text.StartsWith("0x", StringComparison.Ordinal) && long.TryParse(text.AsSpan(2), NumberStyles.HexNumber, CultureInfo.InvariantCulture, out var hex))
        {
            return NumberValue.FromInt64(hex);
        }

        return new StringValue(text);
    }

    [GeneratedRegex(@"^[-+]?[0-9]+$")]
    private static partial Regex IntPattern();

    [GeneratedRegex(@"^[-+]?(\.[0-9]+|[0-9]+(\.[0-9]*)?)([eE][-+]?[0-9]+)?$")]
    private static partial Regex FloatPattern();

    /// <summary>Block-style YAML text of a value in go-yaml's layout (sequences under a key are not indented).</summary>
    public static string ToYaml(Value v)
    {
        var sb = new StringBuilder();
        Write(sb, v, 0);
        return sb.ToString();
    }

    private static IReadOnlyList<Value>? Seq(Value v) => v switch
    {
        ArrayValue { Count: > 0 } a => a.AsList(),
        SetValue { Count: > 0 } s => s.AsList(),
        _ => null,
    };

    private static void Write(StringBuilder sb, Value v, int indent)
    {
        var pad = new string(' ', indent);
        if (v is ObjectValue { Count: > 0 } o)
        {
            for (var i = 0; i < o.Count; i++)
            {
                sb.Append(pad).Append(ScalarText(o.Keys[i] is StringValue ks ? ks : new StringValue(o.Keys[i].ToString()))).Append(':');
                var child = o.Values[i];
                if (child is ObjectValue { Count: > 0 })
                {
                    sb.Append('\n');
                    Write(sb, child, indent + 2);
                }
                else if (Seq(child) is not null)
                {
                    sb.Append('\n');
                    Write(sb, child, indent);
                }
                else
                {
                    sb.Append(' ').Append(ScalarText(child)).Append('\n');
                }
            }

            return;
        }

        if (Seq(v) is { } items)
        {
            foreach (var item in items)
            {
                if (item is ObjectValue { Count: > 0 } || Seq(item) is not null)
                {
                    var inner = new StringBuilder();
                    Write(inner, item, indent + 2);
                    sb.Append(pad).Append("- ").Append(inner.ToString(indent + 2, inner.Length - indent - 2));
                }
                else
                {
                    sb.Append(pad).Append("- ").Append(ScalarText(item)).Append('\n');
                }
            }

            return;
        }

        sb.Append(pad).Append(ScalarText(v)).Append('\n');
    }

    private static string ScalarText(Value v) => v switch
    {
        NullValue => "null",
        BooleanValue b => b.Value ? "true" : "false",
        NumberValue n => n.ToString(),
        StringValue s => NeedsQuote(s.Value) ? "\"" + s.Value.Replace("\\", "\\\\", StringComparison.Ordinal).Replace("\"", "\\\"", StringComparison.Ordinal).Replace("\n", "\\n", StringComparison.Ordinal) + "\"" : s.Value,
        ObjectValue => "{}",
        _ => "[]",
    };

    private static bool NeedsQuote(string s) =>
        s.Length == 0 || s is "null" or "true" or "false" or "~" || IntPattern().IsMatch(s) || FloatPattern().IsMatch(s)
        || s.IndexOfAny([':', '#', '\n', '"', '\'', '{', '}', '[', ']', ',', '&', '*', '!', '|', '>', '%', '@', '`']) >= 0
        || char.IsWhiteSpace(s[0]) || char.IsWhiteSpace(s[^1]) || s[0] == '-' || s[0] == '?';
}
