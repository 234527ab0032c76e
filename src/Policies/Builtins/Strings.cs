using System.Globalization;
using System.Numerics;
using System.Text;
using GitOpsFleet.Policies.Values;

namespace GitOpsFleet.Policies.Builtins;

/// <summary>String builtins. Offsets and lengths count Unicode code points, as Go's runes.</summary>
internal static class Strings
{
    private static readonly RegoType StrColl = RegoType.Or(RegoType.Array(RegoType.String), RegoType.Set(RegoType.String));

    internal static void Register(BuiltinRegistry.Builder b)
    {
        RegoType[] ss = [RegoType.String, RegoType.String];
        b.Add("concat", [RegoType.String, StrColl], RegoType.String, (_, a) => new StringValue(string.Join(Args.String(a, 0), Args.Strings(a, 1))));
        b.Add("contains", ss, RegoType.Boolean, (_, a) => Value.Bool(Args.String(a, 0).Contains(Args.String(a, 1), StringComparison.Ordinal)));
        b.Add("startswith", ss, RegoType.Boolean, (_, a) => Value.Bool(Args.String(a, 0).StartsWith(Args.String(a, 1), StringComparison.Ordinal)));
        b.Add("endswith", ss, RegoType.Boolean, (_, a) => Value.Bool(Args.String(a, 0).EndsWith(Args.String(a, 1), StringComparison.Ordinal)));
        b.Add("lower", [RegoType.String], RegoType.String, (_, a) => new StringValue(Args.String(a, 0).ToLowerInvariant()));
        b.Add("upper", [RegoType.String], RegoType.String, (_, a) => new StringValue(Args.String(a, 0).ToUpperInvariant()));
        b.Add("format_int", [RegoType.Number, RegoType.Number], RegoType.String, (_, a) => new StringValue(FormatInt(a)));
        b.Add("indexof", ss, RegoType.Number, (_, a) =>
        {
            var s = Args.String(a, 0);
            var sub = Args.String(a, 1);
            var idx = s.IndexOf(sub, StringComparison.Ordinal);
            return NumberValue.FromInt64(idx < 0 ? -1 : RuneIndex(s, idx));
        });
        b.Add("indexof_n", ss, RegoType.Array(RegoType.Number), (_, a) =>
        {
            var s = Args.String(a, 0);
            var sub = Args.String(a, 1);
            var result = new List<Value>();
            if (sub.Length == 0)
            {
                return ArrayValue.Empty;
            }

            var i = s.IndexOf(sub, StringComparison.Ordinal);
            while (i >= 0)
            {
                result.Add(NumberValue.FromInt64(RuneIndex(s, i)));
                i = s.IndexOf(sub, i + 1, StringComparison.Ordinal);
            }

            return new ArrayValue(result.ToArray());
        });
        b.Add("replace", [RegoType.String, RegoType.String, RegoType.String], RegoType.String, (_, a) =>
        {
            var s = Args.String(a, 0);
            var old = Args.String(a, 1);
            var nw = Args.String(a, 2);
            return new StringValue(old.Length == 0 ? InsertEverywhere(s, nw) : s.Replace(old, nw, StringComparison.Ordinal));
        });
        b.Add("split", ss, RegoType.Array(RegoType.String), (_, a) =>
        {
            var s = Args.String(a, 0);
            var d = Args.String(a, 1);
            if (d.Length == 0)
            {
                var runes = new List<Value>();
                foreach (var r in s.EnumerateRunes())
                {
                    runes.Add(new StringValue(r.ToString()));
                }

                return new ArrayValue(runes.ToArray());
            }

            return new ArrayValue(Array.ConvertAll(s.Split(d), x => (Value)new StringValue(x)));
        });
        b.Add("strings.split_n", [RegoType.String, RegoType.String, RegoType.Number], RegoType.Array(RegoType.String), (_, a) =>
            new ArrayValue(SplitN(Args.String(a, 0), Args.String(a, 1), Args.Int(a, 2)).Select(x => (Value)new StringValue(x)).ToArray()));
        b.Add("sprintf", [RegoType.String, RegoType.AnyArray], RegoType.String, (_, a) => new StringValue(Sprintf.Format(Args.String(a, 0), Args.Array(a, 1).AsList())));
        b.Add("substring", [RegoType.String, RegoType.Number, RegoType.Number], RegoType.String, (_, a) =>
        {
            var s = Args.String(a, 0);
            var offset = Args.Int(a, 1);
            var length = Args.Int(a, 2);
            if (offset < 0)
            {
                throw BuiltinException.Error("negative offset");
            }

            var runes = s.EnumerateRunes().ToArray();
            if (offset >= runes.Length)
            {
                return StringValue.Empty;
            }

            var end = length < 0 || (long)offset + length > runes.Length ? runes.Length : offset + length;
            var sb = new StringBuilder();
            for (var i = offset; i < end; i++)
            {
                sb.Append(runes[i].ToString());
            }

            return new StringValue(sb.ToString());
        });
        b.Add("trim", ss, RegoType.String, (_, a) => new StringValue(TrimRight(TrimLeft(Args.String(a, 0), Args.String(a, 1)), Args.String(a, 1))));
        b.Add("trim_left", ss, RegoType.String, (_, a) => new StringValue(TrimLeft(Args.String(a, 0), Args.String(a, 1))));
        b.Add("trim_right", ss, RegoType.String, (_, a) => new StringValue(TrimRight(Args.String(a, 0), Args.String(a, 1))));
        b.Add("trim_prefix", ss, RegoType.String, (_, a) =>
        {
            var s = Args.String(a, 0);
            var p = Args.String(a, 1);
            return new StringValue(s.StartsWith(p, StringComparison.Ordinal) ? s[p.Length..] : s);
        });
        b.Add("trim_suffix", ss, RegoType.String, (_, a) =>
        {
            var s = Args.String(a, 0);
            var p = Args.String(a, 1);
            return new StringValue(s.EndsWith(p, StringComparison.Ordinal) ? s[..^p.Length] : s);
        });
        b.Add("trim_space", [RegoType.String], RegoType.String, (_, a) => new StringValue(Args.String(a, 0).Trim()));
        b.Add("strings.reverse", [RegoType.String], RegoType.String, (_, a) =>
        {
            var runes = Args.String(a, 0).EnumerateRunes().ToArray();
            Array.Reverse(runes);
            var sb = new StringBuilder();
            foreach (var r in runes)
            {
                sb.Append(r.ToString());
            }

            return new StringValue(sb.ToString());
        });
        var strOrColl = RegoType.Or(RegoType.String, RegoType.Array(RegoType.String), RegoType.Set(RegoType.String));
        b.Add("strings.any_prefix_match", [strOrColl, strOrColl], RegoType.Boolean, (_, a) =>
            Value.Bool(AnyMatch(StrOrColl(a, 0), StrOrColl(a, 1), (s, p) => s.StartsWith(p, StringComparison.Ordinal))));
        b.Add("strings.any_suffix_match", [strOrColl, strOrColl], RegoType.Boolean, (_, a) =>
            Value.Bool(AnyMatch(StrOrColl(a, 0), StrOrColl(a, 1), (s, p) => s.EndsWith(p, StringComparison.Ordinal))));
        b.Add("strings.replace_n", [RegoType.Object(RegoType.String, RegoType.String), RegoType.String], RegoType.String, (_, a) =>
        {
            var patterns = Args.Object(a, 0);
            var s = Args.String(a, 1);
            var pairs = new List<(string Old, string New)>();
            for (var i = 0; i < patterns.Count; i++)
            {
                if (patterns.Keys[i] is not StringValue k)
                {
                    throw Args.OperandError(0, "non-string key found in pattern object");
                }

                if (patterns.Values[i] is not StringValue v)
                {
                    throw Args.OperandError(0, "non-string value found in pattern object");
                }

                pairs.Add((k.Value, v.Value));
            }

            return new StringValue(ReplaceN(s, pairs));
        });
        b.Add("strings.count", ss, RegoType.Number, (_, a) =>
        {
            var s = Args.String(a, 0);
            var sub = Args.String(a, 1);
            if (sub.Length == 0)
            {
                return NumberValue.FromInt64(Aggregates.RuneCount(s) + 1);
            }

            var n = 0;
            var i = s.IndexOf(sub, StringComparison.Ordinal);
            while (i >= 0)
            {
                n++;
                i = s.IndexOf(sub, i + sub.Length, StringComparison.Ordinal);
            }

            return NumberValue.FromInt64(n);
        });
        b.Add("strings.render_template", [RegoType.String, RegoType.AnyObject], RegoType.String, (_, a) =>
            new StringValue(GoTemplate.Render(Args.String(a, 0), Args.Object(a, 1))));
    }

    private static int RuneIndex(string s, int charIndex)
    {
        var n = 0;
        for (var i = 0; i < charIndex; i++)
        {
            if (!char.IsLowSurrogate(s[i]))
            {
                n++;
            }
        }

        return n;
    }

    private static string InsertEverywhere(string s, string nw)
    {
        var sb = new StringBuilder(nw);
        foreach (var r in s.EnumerateRunes())
        {
            sb.Append(r.ToString()).Append(nw);
        }

        return sb.ToString();
    }

    /// <summary>Go's strings.NewReplacer: at each position the first matching pattern (in argument order) wins.</summary>
    private static string ReplaceN(string s, List<(string Old, string New)> pairs)
    {
        var sb = new StringBuilder();
        var i = 0;
        while (i < s.Length)
        {
            var matched = false;
            foreach (var (old, nw) in pairs)
            {
                if (old.Length > 0 && string.CompareOrdinal(s, i, old, 0, old.Length) == 0)
                {
                    sb.Append(nw);
                    i += old.Length;
                    matched = true;
                    break;
                }
            }

            if (!matched)
            {
                sb.Append(s[i]);
                i++;
            }
        }

        return sb.ToString();
    }

    private static List<string> StrOrColl(Value[] a, int i)
    {
        switch (a[i])
        {
            case StringValue s:
                return [s.Value];
            case ArrayValue or SetValue:
            {
                var items = a[i] is ArrayValue arr ? arr.AsList() : ((SetValue)a[i]).AsList();
                var result = new List<string>(items.Count);
                foreach (var v in items)
                {
                    if (v is not StringValue sv)
                    {
                        throw BuiltinException.Type($"operand {i + 1} must be array of strings but got array containing {v.TypeName}");
                    }

                    result.Add(sv.Value);
                }

                return result;
            }

            default:
                throw Args.TypeError(i, a[i], "string", "set", "array");
        }
    }

    private static bool AnyMatch(List<string> search, List<string> patterns, Func<string, string, bool> match)
    {
        foreach (var s in search)
        {
            foreach (var p in patterns)
            {
                if (match(s, p))
                {
                    return true;
                }
            }
        }

        return false;
    }

    private static string TrimLeft(string s, string cutset)
    {
        var i = 0;
        while (i < s.Length && cutset.Contains(s[i], StringComparison.Ordinal))
        {
            i++;
        }

        return s[i..];
    }

    private static string TrimRight(string s, string cutset)
    {
        var i = s.Length;
        while (i > 0 && cutset.Contains(s[i - 1], StringComparison.Ordinal))
        {
            i--;
        }

        return s[..i];
    }

    private static string FormatInt(Value[] a)
    {
        var n = Args.Number(a, 0);
        var radix = Args.Int(a, 1);
        var v = n.IsInteger ? (n.TryGetBigInteger(out var bi) ? bi : BigInteger.Zero) : TruncateToInt(n);
        var neg = v.Sign < 0;
        v = BigInteger.Abs(v);
        string digits;
        switch (radix)
        {
            case 10:
                digits = v.ToString(CultureInfo.InvariantCulture);
                break;
            case 2:
            case 8:
            case 16:
            {
                if (v.IsZero)
                {
                    digits = "0";
                    break;
                }

                var sb = new StringBuilder();
                while (!v.IsZero)
                {
                    var d = (int)(v % radix);
                    sb.Insert(0, "0123456789abcdef"[d]);
                    v /= radix;
                }

                digits = sb.ToString();
                break;
            }

            default:
                throw Args.OperandError(1, "must be one of {2, 8, 10, 16}");
        }

        return neg ? "-" + digits : digits;
    }

    private static BigInteger TruncateToInt(NumberValue n) =>
        n.Sign < 0 ? n.Negate().Floor().Negate().Mantissa : n.Floor().Mantissa;

    /// <summary>
    /// Go's strings.SplitN: at most <paramref name="n"/> pieces, the last holding the rest; none for 0,
    /// all for a negative n. An empty separator splits between UTF-8 sequences (code points).
    /// </summary>
    private static List<string> SplitN(string s, string sep, int n)
    {
        var pieces = new List<string>();
        if (n == 0)
        {
            return pieces;
        }

        if (sep.Length == 0)
        {
            var runes = s.EnumerateRunes().Select(r => r.ToString()).ToList();
            if (n < 0 || n >= runes.Count)
            {
                return runes;
            }

            pieces.AddRange(runes.Take(n - 1));
            pieces.Add(string.Concat(runes.Skip(n - 1)));
            return pieces;
        }

        var start = 0;
        while (n < 0 || pieces.Count < n - 1)
        {
            var at = s.IndexOf(sep, start, StringComparison.Ordinal);
            if (at < 0)
            {
                break;
            }

            pieces.Add(s[start..at]);
            start = at + sep.Length;
        }

        pieces.Add(s[start..]);
        return pieces;
    }
}
