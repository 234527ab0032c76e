using System.Globalization;
using System.Text;
using GitOpsFleet.Policies.Values;

namespace GitOpsFleet.Policies.Builtins;

internal static partial class GoTemplate
{
    /// <summary>text/template's predefined functions.</summary>
    private sealed partial class Executor
    {
        private Value? Call(string name, List<Arg> args, Value? dot)
        {
            // and/or stop evaluating at the first operand that decides the result, as Go does since 1.18.
            if (name is "and" or "or")
            {
                Need(name, args, 1, int.MaxValue);
                Value? last = null;
                foreach (var arg in args)
                {
                    last = EvalArg(arg, dot);
                    if (Truth(last) == (name == "or"))
                    {
                        return last;
                    }
                }

                return last;
            }

            var values = args.Select(a => EvalArg(a, dot)).ToList();
            switch (name)
            {
                case "not":
                    Need(name, args, 1, 1);
                    return Value.Bool(!Truth(values[0]));
                case "len":
                    Need(name, args, 1, 1);
                    return NumberValue.FromInt64(values[0] switch
                    {
                        StringValue s => Encoding.UTF8.GetByteCount(s.Value),
                        ArrayValue a => a.Count,
                        ObjectValue o => o.Count,
                        SetValue s => s.Count,
                        _ => throw Fail($"error calling len: len of {Print(values[0])}"),
                    });
                case "index":
                    Need(name, args, 1, int.MaxValue);
                    return values.Skip(1).Aggregate(values[0], Index);
                case "slice":
                    Need(name, args, 1, 3);
                    return Slice(values);
                case "print":
                    return new StringValue(Sprint(values, spaceAlways: false));
                case "println":
                    return new StringValue(Sprint(values, spaceAlways: true) + "\n");
                case "printf":
                    Need(name, args, 1, int.MaxValue);
                    return new StringValue(Sprintf.Format(values[0] is StringValue f ? f.Value : Print(values[0]), values.Skip(1).Select(v => v ?? Value.Null).ToList()));
                case "html":
                    return new StringValue(Html(Joined(values)));
                case "js":
                    return new StringValue(Js(Joined(values)));
                case "urlquery":
                    return new StringValue(Uri.EscapeDataString(Joined(values)).Replace("%20", "+", StringComparison.Ordinal));
                case "eq":
                    Need(name, args, 2, int.MaxValue);
                    return Value.Bool(values.Skip(1).Any(v => Compare(name, values[0], v) == 0));
                case "ne" or "lt" or "le" or "gt" or "ge":
                    Need(name, args, 2, 2);
                    var c = Compare(name, values[0], values[1]);
                    return Value.Bool(name switch { "ne" => c != 0, "lt" => c < 0, "le" => c <= 0, "gt" => c > 0, _ => c >= 0 });
                default:
                    throw Fail($"function \"{name}\" not defined");
            }
        }

        private static void Need(string name, List<Arg> args, int min, int max)
        {
            if (args.Count < min || args.Count > max)
            {
                throw Fail($"wrong number of args for {name}: got {args.Count}");
            }
        }

        private static Value? Index(Value? item, Value? key) => (item, key) switch
        {
            (ArrayValue a, NumberValue n) when n.TryGetInt32(out var i) =>
                i >= 0 && i < a.Count ? a[i] : throw Fail($"error calling index: index out of range: {i}"),
            (ObjectValue o, not null) => o.TryGetValue(key, out var v) ? v : null,
            (StringValue s, NumberValue n) when n.TryGetInt32(out var i) =>
                Encoding.UTF8.GetBytes(s.Value) is var b && i >= 0 && i < b.Length ? NumberValue.FromInt64(b[i]) : throw Fail($"error calling index: index out of range: {i}"),
            (null or NullValue, _) => throw Fail("error calling index: index of untyped nil"),
            _ => throw Fail($"error calling index: cannot index {Print(item)} with {Print(key)}"),
        };

        private static Value Slice(List<Value?> values)
        {
            var bounds = values.Skip(1).Select(v => v is NumberValue n && n.TryGetInt32(out var i) ? i : throw Fail("error calling slice: cannot index slice/array with non-integer")).ToList();
            int Length() => values[0] switch
            {
                StringValue s => Encoding.UTF8.GetByteCount(s.Value),
                ArrayValue a => a.Count,
                _ => throw Fail($"error calling slice: can't slice item of type {values[0]?.TypeName ?? "nil"}"),
            };
            var len = Length();
            var lo = bounds.Count > 0 ? bounds[0] : 0;
            var hi = bounds.Count > 1 ? bounds[1] : len;
            if (lo < 0 || hi < lo || hi > len)
            {
                throw Fail($"error calling slice: index out of range: {(hi > len ? hi : lo)}");
            }

            return values[0] switch
            {
                StringValue s => new StringValue(Encoding.UTF8.GetString(Encoding.UTF8.GetBytes(s.Value), lo, hi - lo)),
                ArrayValue a => new ArrayValue(a.AsList().Skip(lo).Take(hi - lo).ToArray()),
                _ => throw new InvalidOperationException(),
            };
        }

        /// <summary>Go's comparison functions take basic kinds only; numbers compare by value, strings and booleans by content.</summary>
        private static int Compare(string name, Value? a, Value? b)
        {
            var ordered = name is not ("eq" or "ne");
            return (a, b) switch
            {
                (NumberValue x, NumberValue y) => Value.Compare(x, y),
                (StringValue x, StringValue y) => string.CompareOrdinal(x.Value, y.Value),
                (BooleanValue x, BooleanValue y) when !ordered => x.Value == y.Value ? 0 : 1,
                (null or NullValue, null or NullValue) when !ordered => 0,
                _ when ordered || (a is not null && b is not null && a.Kind == b.Kind) => throw Fail($"error calling {name}: invalid type for comparison"),
                _ => throw Fail($"error calling {name}: incompatible types for comparison"),
            };
        }

        /// <summary>fmt.Sprint puts a space between operands when neither is a string; Sprintln always does.</summary>
        private static string Sprint(List<Value?> values, bool spaceAlways)
        {
            var sb = new StringBuilder();
            for (var i = 0; i < values.Count; i++)
            {
                if (i > 0 && (spaceAlways || (values[i] is not StringValue && values[i - 1] is not StringValue)))
                {
                    sb.Append(' ');
                }

                sb.Append(values[i] is null ? "<nil>" : Print(values[i]));
            }

            return sb.ToString();
        }

        private static string Joined(List<Value?> values) =>
            values is [StringValue only] ? only.Value : Sprint(values, spaceAlways: false);

        private static string Html(string s)
        {
            var sb = new StringBuilder();
            foreach (var c in s)
            {
                sb.Append(c switch
                {
                    '<' => "&lt;",
                    '>' => "&gt;",
                    '&' => "&amp;",
                    '\'' => "&#39;",
                    '"' => "&#34;",
                    '\0' => "\uFFFD",
                    _ => c.ToString(),
                });
            }

            return sb.ToString();
        }

        private static string Js(string s)
        {
            var sb = new StringBuilder();
            foreach (var c in s)
            {
                switch (c)
                {
                    case '\\' or '\'' or '"':
                        sb.Append('\\').Append(c);
                        break;
                    case '<' or '>' or '&' or '=' or < ' ':
                        sb.Append(CultureInfo.InvariantCulture, $"\\u{(int)c:X4}");
                        break;
                    default:
                        sb.Append(c);
                        break;
                }
            }

            return sb.ToString();
        }
    }
}
