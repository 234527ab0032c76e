using System.Globalization;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace GitOpsFleet.Policies.Values;

/// <summary>Conversions between Rego values and JSON. Numbers keep their exact decimal value.</summary>
public static class ValueJson
{
    private static readonly JsonDocumentOptions DocOptions = new() { MaxDepth = 2_000 };

    /// <exception cref="JsonException">When <paramref name="json"/> is not valid JSON.</exception>
    public static Value Parse(string json) => Parse(System.Text.Encoding.UTF8.GetBytes(json));

    /// <summary>
    /// Parses UTF-8 JSON straight into values with a forward-only reader: no intermediate DOM, so a
    /// large input document is read once into its final form.
    /// </summary>
    /// <exception cref="JsonException">When the bytes are not one valid JSON value.</exception>
    public static Value Parse(ReadOnlySpan<byte> utf8)
    {
        var reader = new Utf8JsonReader(utf8, new JsonReaderOptions { MaxDepth = DocOptions.MaxDepth });
        if (!reader.Read())
        {
            throw new JsonException("empty JSON document");
        }

        var v = ReadValue(ref reader);
        if (reader.Read())
        {
            throw new JsonException("unexpected data after the JSON value");
        }

        return v;
    }

    /// <summary>Reads a whole stream (e.g. an input file) and parses it.</summary>
    public static async Task<Value> ParseAsync(Stream stream, CancellationToken ct)
    {
        using var ms = new MemoryStream();
        await stream.CopyToAsync(ms, ct).ConfigureAwait(false);
        return Parse(ms.GetBuffer().AsSpan(0, (int)ms.Length));
    }

    private static Value ReadValue(ref Utf8JsonReader r)
    {
        switch (r.TokenType)
        {
            case JsonTokenType.Null:
                return Value.Null;
            case JsonTokenType.True:
                return Value.True;
            case JsonTokenType.False:
                return Value.False;
            case JsonTokenType.Number:
                if (r.TryGetInt64(out var l))
                {
                    return NumberValue.FromInt64(l);
                }

                return NumberValue.Parse(System.Text.Encoding.UTF8.GetString(r.HasValueSequence ? System.Buffers.BuffersExtensions.ToArray(r.ValueSequence) : r.ValueSpan));
            case JsonTokenType.String:
                return new StringValue(r.GetString()!);
            case JsonTokenType.StartArray:
            {
                var items = new List<Value>();
                while (r.Read() && r.TokenType != JsonTokenType.EndArray)
                {
                    items.Add(ReadValue(ref r));
                }

                return new ArrayValue(items.ToArray());
            }

            case JsonTokenType.StartObject:
            {
                var b = new ObjectBuilder();
                while (r.Read() && r.TokenType != JsonTokenType.EndObject)
                {
                    var key = new StringValue(r.GetString()!);
                    r.Read();
                    b.Set(key, ReadValue(ref r));
                }

                return b.Build();
            }

            default:
                throw new JsonException($"unexpected JSON token {r.TokenType}");
        }
    }

    public static bool TryParse(string json, out Value value)
    {
        try
        {
            value = Parse(json);
            return true;
        }
        catch (Exception e) when (e is JsonException or FormatException or ArgumentException)
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
