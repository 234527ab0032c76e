using System.Buffers;
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
    public static Value Parse(string json)
    {
        // The UTF-8 form is a pooled buffer, not a second copy of the document that lives on.
        var buffer = ArrayPool<byte>.Shared.Rent(Encoding.UTF8.GetByteCount(json));
        try
        {
            var n = Encoding.UTF8.GetBytes(json, buffer);
            return Parse(buffer.AsSpan(0, n));
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(buffer);
        }
    }

    /// <summary>
    /// Parses UTF-8 JSON straight into values with a forward-only reader: no intermediate DOM or
    /// builders, so a large input document is read once into its final form (see <see cref="JsonValueReader"/>).
    /// </summary>
    /// <exception cref="JsonException">When the bytes are not one valid JSON value.</exception>
    public static Value Parse(ReadOnlySpan<byte> utf8)
    {
        var reader = new Utf8JsonReader(utf8, new JsonReaderOptions { MaxDepth = DocOptions.MaxDepth });
        if (!reader.Read())
        {
            throw new JsonException("empty JSON document");
        }

        var values = JsonValueReader.Rent();
        Value v;
        try
        {
            v = values.Read(ref reader);
        }
        finally
        {
            JsonValueReader.Return(values);
        }

        if (reader.Read())
        {
            throw new JsonException("unexpected data after the JSON value");
        }

        return v;
    }

    /// <summary>Reads a whole stream (e.g. an input file) into a pooled buffer and parses it.</summary>
    public static async Task<Value> ParseAsync(Stream stream, CancellationToken ct)
    {
        var buffer = ArrayPool<byte>.Shared.Rent(stream.CanSeek ? (int)Math.Min(int.MaxValue - 64, Math.Max(0, stream.Length - stream.Position) + 1) : 64 * 1024);
        var n = 0;
        try
        {
            while (true)
            {
                if (n == buffer.Length)
                {
                    var bigger = ArrayPool<byte>.Shared.Rent(buffer.Length * 2);
                    buffer.AsSpan(0, n).CopyTo(bigger);
                    ArrayPool<byte>.Shared.Return(buffer);
                    buffer = bigger;
                }

                var read = await stream.ReadAsync(buffer.AsMemory(n), ct).ConfigureAwait(false);
                if (read == 0)
                {
                    break;
                }

                n += read;
            }

            return Parse(buffer.AsSpan(0, n));
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(buffer);
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
            case NumberValue n:
                // JSON carries the canonical number, never a literal's written form (.5, +1, 1.50).
                sb.Append(n.ToString());
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
