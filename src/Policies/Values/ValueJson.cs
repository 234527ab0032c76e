using System.Globalization;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace GitOpsFleet.Policies.Values;

/// <summary>Conversions between Rego values and JSON. Numbers keep their exact decimal value.</summary>
public static class ValueJson
{
    private static readonly JsonDocumentOptions DocOptions = new() { MaxDepth = 10_000 };

    /// <exception cref="JsonException">When <paramref name="json"/> is not valid JSON.</exception>
    public static Value Parse(string json)
    {
        using var doc = JsonDocument.Parse(json, DocOptions);
        return FromElement(doc.RootElement);
    }

    public static bool TryParse(string json, out Value value)
    {
        try
        {
            value = Parse(json);
            return true;
        }
        catch (JsonException)
        {
            value = Value.Null;
            return false;
        }
    }

    public static Value FromElement(JsonElement e)
    {
        switch (e.ValueKind)
        {
            case JsonValueKind.Null:
            case JsonValueKind.Undefined:
                return Value.Null;
            case JsonValueKind.True:
                return Value.True;
            case JsonValueKind.False:
                return Value.False;
            case JsonValueKind.Number:
                return NumberValue.Parse(e.GetRawText());
            case JsonValueKind.String:
                return new StringValue(e.GetString()!);
            case JsonValueKind.Array:
            {
                var items = new Value[e.GetArrayLength()];
                var i = 0;
                foreach (var x in e.EnumerateArray())
                {
                    items[i++] = FromElement(x);
                }

                return new ArrayValue(items);
            }

            default:
            {
                var b = new ObjectBuilder();
                foreach (var p in e.EnumerateObject())
                {
                    b.Set(new StringValue(p.Name), FromElement(p.Value));
                }

                return b.Build();
            }
        }
    }

    public static Value FromNode(JsonNode? node)
    {
        switch (node)
        {
            case null:
                return Value.Null;
            case JsonObject o:
            {
                var b = new ObjectBuilder();
                foreach (var kv in o)
                {
                    b.Set(new StringValue(kv.Key), FromNode(kv.Value));
                }

                return b.Build();
            }

            case JsonArray a:
            {
                var items = new Value[a.Count];
                for (var i = 0; i < a.Count; i++)
                {
                    items[i] = FromNode(a[i]);
                }

                return new ArrayValue(items);
            }

            default:
                return FromElement(node.AsValue().Deserialize<JsonElement>());
        }
    }

    public static JsonNode? ToNode(Value v) => JsonNode.Parse(ToJsonString(v));

    public static string ToJsonString(Value v, bool escapeHtml = false)
    {
        var sb = new StringBuilder();
        WriteJson(sb, v, escapeHtml);
        return sb.ToString();
    }

    public static void WriteJson(StringBuilder sb, Value v, bool escapeHtml = false)
    {
        switch (v)
        {
            case StringValue s:
                WriteJsonString(sb, s.Value, escapeHtml);
                break;
            case ArrayValue a:
                sb.Append('[');
                for (var i = 0; i < a.Count; i++)
                {
                    if (i > 0)
                    {
                        sb.Append(',');
                    }

                    WriteJson(sb, a[i], escapeHtml);
                }

                sb.Append(']');
                break;
            case SetValue s:
                sb.Append('[');
                for (var i = 0; i < s.Count; i++)
                {
                    if (i > 0)
                    {
                        sb.Append(',');
                    }

                    WriteJson(sb, s.Items[i], escapeHtml);
                }

                sb.Append(']');
                break;
            case ObjectValue o:
                sb.Append('{');
                for (var i = 0; i < o.Count; i++)
                {
                    if (i > 0)
                    {
                        sb.Append(',');
                    }

                    var k = o.Keys[i];
                    WriteJsonString(sb, k is StringValue ks ? ks.Value : ToJsonString(k), escapeHtml);
                    sb.Append(':');
                    WriteJson(sb, o.Values[i], escapeHtml);
                }

                sb.Append('}');
                break;
            default:
                v.WriteRego(sb);
                break;
        }
    }

    public static void WriteJsonString(StringBuilder sb, string s, bool escapeHtml = false)
    {
        sb.Append('"');
        foreach (var c in s)
        {
            switch (c)
            {
                case '"':
                    sb.Append("\\\"");
                    break;
                case '\\':
                    sb.Append("\\\\");
                    break;
                case '\n':
                    sb.Append("\\n");
                    break;
                case '\r':
                    sb.Append("\\r");
                    break;
                case '\t':
                    sb.Append("\\t");
                    break;
                case '<' or '>' or '&' when escapeHtml:
                case '\u2028' or '\u2029':
                    sb.Append("\\u").Append(((int)c).ToString("x4", CultureInfo.InvariantCulture));
                    break;
                default:
                    if (c < 0x20)
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

        sb.Append('"');
    }

    /// <summary>Indented JSON with two-space indentation, as <c>opa eval</c> prints results.</summary>
    public static string ToIndentedJson(Value v)
    {
        using var doc = JsonDocument.Parse(ToJsonString(v));
        var ms = new MemoryStream();
        using (var w = new Utf8JsonWriter(ms, new JsonWriterOptions { Indented = true, Encoder = System.Text.Encodings.Web.JavaScriptEncoder.UnsafeRelaxedJsonEscaping }))
        {
            doc.WriteTo(w);
        }

        return Encoding.UTF8.GetString(ms.ToArray());
    }
}
