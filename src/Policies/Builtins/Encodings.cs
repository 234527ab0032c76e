using System.Text;
using System.Text.Json;
using GitOpsFleet.Policies.Values;

namespace GitOpsFleet.Policies.Builtins;

/// <summary>base64, base64url, urlquery, json, yaml and hex encodings.</summary>
internal static class Encodings
{
    internal static void Register(BuiltinRegistry.Builder b)
    {
        var s1 = new[] { RegoType.String };
        b.Add("base64.encode", s1, RegoType.String, (_, a) => new StringValue(Convert.ToBase64String(Encoding.UTF8.GetBytes(Args.String(a, 0)))));
        b.Add("base64.decode", s1, RegoType.String, (_, a) => new StringValue(Utf8(Base64Decode(Args.String(a, 0), url: false))));
        b.Add("base64.is_valid", s1, RegoType.Boolean, (_, a) =>
        {
            try
            {
                Base64Decode(Args.String(a, 0), url: false);
                return Value.True;
            }
            catch (BuiltinException)
            {
                return Value.False;
            }
        });
        b.Add("base64url.encode", s1, RegoType.String, (_, a) => new StringValue(UrlEncode(Encoding.UTF8.GetBytes(Args.String(a, 0)), pad: true)));
        b.Add("base64url.encode_no_pad", s1, RegoType.String, (_, a) => new StringValue(UrlEncode(Encoding.UTF8.GetBytes(Args.String(a, 0)), pad: false)));
        b.Add("base64url.decode", s1, RegoType.String, (_, a) => new StringValue(Utf8(Base64Decode(Args.String(a, 0), url: true))));
        b.Add("urlquery.encode", s1, RegoType.String, (_, a) => new StringValue(QueryEscape(Args.String(a, 0))));
        b.Add("urlquery.decode", s1, RegoType.String, (_, a) => new StringValue(QueryUnescape(Args.String(a, 0))));
        b.Add("urlquery.encode_object", [RegoType.AnyObject], RegoType.String, (_, a) =>
        {
            var obj = Args.Object(a, 0);
            var parts = new List<string>();
            for (var i = 0; i < obj.Count; i++)
            {
                var k = obj.Keys[i] is StringValue ks ? ks.Value : throw BuiltinException.Type("operand 1 must be object[string: any]");
                IEnumerable<Value> vals = obj.Values[i] switch
                {
                    StringValue => [obj.Values[i]],
                    ArrayValue av => av.AsList(),
                    SetValue sv => sv.AsList(),
                    _ => throw BuiltinException.Type("operand 1 must be object[string: string|array[string]|set[string]]"),
                };
                foreach (var v in vals)
                {
                    var vs = v is StringValue s ? s.Value : throw BuiltinException.Type("operand 1 must be object[string: string|array[string]|set[string]]");
                    parts.Add(QueryEscape(k) + "=" + QueryEscape(vs));
                }
            }

            return new StringValue(string.Join('&', parts));
        });
        b.Add("urlquery.decode_object", s1, RegoType.AnyObject, (_, a) =>
        {
            var s = Args.String(a, 0);
            var groups = new Dictionary<string, List<Value>>(StringComparer.Ordinal);
            foreach (var part in s.Split('&', StringSplitOptions.RemoveEmptyEntries))
            {
                var eq = part.IndexOf('=', StringComparison.Ordinal);
                var k = QueryUnescape(eq < 0 ? part : part[..eq]);
                var v = eq < 0 ? string.Empty : QueryUnescape(part[(eq + 1)..]);
                if (!groups.TryGetValue(k, out var list))
                {
                    list = [];
                    groups[k] = list;
                }

                list.Add(new StringValue(v));
            }

            var ob = new ObjectBuilder();
            foreach (var kv in groups)
            {
                ob.Set(kv.Key, new ArrayValue(kv.Value.ToArray()));
            }

            return ob.Build();
        });
        b.Add("json.marshal", [RegoType.Any], RegoType.String, (_, a) => new StringValue(ValueJson.ToJsonString(a[0], escapeHtml: true)));
        b.Add("json.marshal_with_options", [RegoType.Any, RegoType.AnyObject], RegoType.String, (_, a) => new StringValue(MarshalWithOptions(a)));
        b.Add("json.unmarshal", s1, RegoType.Any, (_, a) =>
        {
            var s = Args.String(a, 0);
            try
            {
                return ValueJson.Parse(s);
            }
            catch (JsonException e)
            {
                throw BuiltinException.Error(e.Message);
            }
        });
        b.Add("json.is_valid", [RegoType.Any], RegoType.Boolean, (_, a) => Value.Bool(a[0] is StringValue s && ValueJson.TryParse(s.Value, out Value _)));
        b.Add("yaml.marshal", [RegoType.Any], RegoType.String, (_, a) => new StringValue(ValueYaml.ToYaml(a[0])));
        b.Add("yaml.unmarshal", s1, RegoType.Any, (_, a) =>
        {
            try
            {
                return ValueYaml.Parse(Args.String(a, 0));
            }
            catch (YamlDotNet.Core.YamlException e)
            {
                throw BuiltinException.Error(e.Message);
            }
        });
        b.Add("yaml.is_valid", [RegoType.Any], RegoType.Boolean, (_, a) =>
        {
            if (a[0] is not StringValue s)
            {
                return Value.False;
            }

            try
            {
                ValueYaml.Parse(s.Value);
                return Value.True;
            }
            catch (YamlDotNet.Core.YamlException)
            {
                return Value.False;
            }
        });
        b.Add("hex.encode", s1, RegoType.String, (_, a) => new StringValue(Convert.ToHexString(Encoding.UTF8.GetBytes(Args.String(a, 0))).ToLowerInvariant()));
        b.Add("hex.decode", s1, RegoType.String, (_, a) =>
        {
            var s = Args.String(a, 0);
            for (var i = 0; i < s.Length; i++)
            {
                if (!char.IsAsciiHexDigit(s[i]))
                {
                    throw BuiltinException.Error($"encoding/hex: invalid byte: U+{(int)s[i]:X4} {Sprintf.Format("%q", [new StringValue(s[i].ToString())]).Replace('"', '\'')}");
                }
            }

            if (s.Length % 2 != 0)
            {
                throw BuiltinException.Error("encoding/hex: odd length hex string");
            }

            return new StringValue(Utf8(Convert.FromHexString(s)));
        });
    }

    private static string Utf8(byte[] bytes) => Encoding.UTF8.GetString(bytes);

    internal static byte[] Base64Decode(string s, bool url)
    {
        var t = url ? s.Replace('-', '+').Replace('_', '/') : s;
        if (url)
        {
            t = t.TrimEnd('=');
            t += new string('=', (4 - (t.Length % 4)) % 4);
        }

        for (var i = 0; i < t.Length; i++)
        {
            var c = t[i];
            if (!(char.IsAsciiLetterOrDigit(c) || c is '+' or '/' or '='))
            {
                throw BuiltinException.Error($"illegal base64 data at input byte {i}");
            }
        }

        try
        {
            return Convert.FromBase64String(t);
        }
        catch (FormatException)
        {
            throw BuiltinException.Error($"illegal base64 data at input byte {Math.Max(0, t.Length - 1)}");
        }
    }

    private static string UrlEncode(byte[] bytes, bool pad)
    {
        var s = Convert.ToBase64String(bytes).Replace('+', '-').Replace('/', '_');
        return pad ? s : s.TrimEnd('=');
    }

    /// <summary>Go's url.QueryEscape: unreserved bytes kept, space as '+', the rest %XX.</summary>
    internal static string QueryEscape(string s)
    {
        var sb = new StringBuilder();
        foreach (var b in Encoding.UTF8.GetBytes(s))
        {
            var c = (char)b;
            if (char.IsAsciiLetterOrDigit(c) || c is '-' or '_' or '.' or '~')
            {
                sb.Append(c);
            }
            else if (c == ' ')
            {
                sb.Append('+');
            }
            else
            {
                sb.Append('%').Append(b.ToString("X2", System.Globalization.CultureInfo.InvariantCulture));
            }
        }

        return sb.ToString();
    }

    internal static string QueryUnescape(string s)
    {
        var bytes = new List<byte>();
        for (var i = 0; i < s.Length; i++)
        {
            var c = s[i];
            if (c == '%')
            {
                if (i + 2 >= s.Length || !char.IsAsciiHexDigit(s[i + 1]) || !char.IsAsciiHexDigit(s[i + 2]))
                {
                    var bad = s.Substring(i, Math.Min(3, s.Length - i));
                    throw BuiltinException.Error($"invalid URL escape \"{bad}\"");
                }

                bytes.Add(Convert.ToByte(s.Substring(i + 1, 2), 16));
                i += 2;
            }
            else if (c == '+')
            {
                bytes.Add((byte)' ');
            }
            else
            {
                bytes.AddRange(Encoding.UTF8.GetBytes(c.ToString()));
            }
        }

        return Encoding.UTF8.GetString(bytes.ToArray());
    }

    private static string MarshalWithOptions(Value[] a)
    {
        var opts = Args.Object(a, 1);
        var pretty = false;
        var prettySet = false;
        var indent = "\t";
        var prefix = string.Empty;
        var hasIndentOrPrefix = false;
        for (var i = 0; i < opts.Count; i++)
        {
            var key = (opts.Keys[i] as StringValue)?.Value;
            var v = opts.Values[i];
            switch (key)
            {
                case "pretty":
                    pretty = v is BooleanValue { Value: true };
                    prettySet = true;
                    if (v is not BooleanValue)
                    {
                        throw BuiltinException.Type("pretty must be a boolean");
                    }

                    break;
                case "indent":
                    indent = (v as StringValue)?.Value ?? throw BuiltinException.Type("indent must be a string");
                    hasIndentOrPrefix = true;
                    break;
                case "prefix":
                    prefix = (v as StringValue)?.Value ?? throw BuiltinException.Type("prefix must be a string");
                    hasIndentOrPrefix = true;
                    break;
                default:
                    throw BuiltinException.Type($"object contained unknown key \"{key}\"");
            }
        }

        if (!prettySet)
        {
            pretty = hasIndentOrPrefix;
        }

        if (!pretty)
        {
            return ValueJson.ToJsonString(a[0], escapeHtml: true);
        }

        var sb = new StringBuilder(prefix);
        WritePretty(sb, a[0], prefix, indent, 0);
        return sb.ToString();
    }

    private static void WritePretty(StringBuilder sb, Value v, string prefix, string indent, int depth)
    {
        IReadOnlyList<Value>? items = v switch
        {
            ArrayValue av => av.AsList(),
            SetValue sv => sv.AsList(),
            _ => null,
        };
        if (items is not null)
        {
            if (items.Count == 0)
            {
                sb.Append("[]");
                return;
            }

            sb.Append('[');
            for (var i = 0; i < items.Count; i++)
            {
                if (i > 0)
                {
                    sb.Append(',');
                }

                NewLine(sb, prefix, indent, depth + 1);
                WritePretty(sb, items[i], prefix, indent, depth + 1);
            }

            NewLine(sb, prefix, indent, depth);
            sb.Append(']');
            return;
        }

        if (v is ObjectValue o)
        {
            if (o.Count == 0)
            {
                sb.Append("{}");
                return;
            }

            sb.Append('{');
            for (var i = 0; i < o.Count; i++)
            {
                if (i > 0)
                {
                    sb.Append(',');
                }

                NewLine(sb, prefix, indent, depth + 1);
                ValueJson.WriteJsonString(sb, o.Keys[i] is StringValue ks ? ks.Value : o.Keys[i].ToString(), true);
                sb.Append(": ");
                WritePretty(sb, o.Values[i], prefix, indent, depth + 1);
            }

            NewLine(sb, prefix, indent, depth);
            sb.Append('}');
            return;
        }

        ValueJson.WriteJson(sb, v, true);
    }

    private static void NewLine(StringBuilder sb, string prefix, string indent, int depth)
    {
        sb.Append('\n').Append(prefix);
        for (var i = 0; i < depth; i++)
        {
            sb.Append(indent);
        }
    }
}
