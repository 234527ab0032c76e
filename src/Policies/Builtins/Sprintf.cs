using System.Globalization;
using System.Numerics;
using System.Text;
using GitOpsFleet.Policies.Values;

namespace GitOpsFleet.Policies.Builtins;

/// <summary>Go's fmt verbs as sprintf uses them on Rego values (strings raw, composites as Rego text).</summary>
internal static partial class Sprintf
{
    public static string Format(string format, IReadOnlyList<Value> args)
    {
        var sb = new StringBuilder();
        var argi = 0;
        var i = 0;
        var reordered = false;
        while (i < format.Length)
        {
            var c = format[i];
            if (c != '%')
            {
                sb.Append(c);
                i++;
                continue;
            }

            i++;
            if (i >= format.Length)
            {
                sb.Append("%!(NOVERB)");
                break;
            }

            bool minus = false, plus = false, zero = false, space = false, sharp = false;
            while (i < format.Length && format[i] is '-' or '+' or '0' or ' ' or '#')
            {
                switch (format[i])
                {
                    case '-': minus = true; break;
                    case '+': plus = true; break;
                    case '0': zero = true; break;
                    case ' ': space = true; break;
                    case '#': sharp = true; break;
                }

                i++;
            }

            var width = -1;
            if (i < format.Length && format[i] == '*')
            {
                i++;
                width = argi < args.Count && args[argi] is NumberValue wn && wn.TryGetInt32(out var wv) ? wv : 0;
                argi++;
            }
            else
            {
                width = ReadInt(format, ref i);
            }

            if (i + 2 < format.Length && format[i] == '[')
            {
                var close = format.IndexOf(']', i);
                if (close > i && int.TryParse(format.AsSpan(i + 1, close - i - 1), NumberStyles.None, CultureInfo.InvariantCulture, out var argIndex) && argIndex >= 1)
                {
                    argi = argIndex - 1;
                    reordered = true;
                    i = close + 1;
                }
            }

            var prec = -1;
            if (i < format.Length && format[i] == '.')
            {
                i++;
                if (i < format.Length && format[i] == '*')
                {
                    // Go takes the precision from the next operand too, as it does the width.
                    i++;
                    prec = argi < args.Count && args[argi] is NumberValue pn && pn.TryGetInt32(out var pv) && pv >= 0 ? pv : 0;
                    argi++;
                }
                else
                {
                    prec = ReadInt(format, ref i);
                }

                if (prec < 0)
                {
                    prec = 0;
                }
            }

            if (i >= format.Length)
            {
                sb.Append("%!(NOVERB)");
                break;
            }

            var verb = format[i++];
            if (verb == '%')
            {
                sb.Append('%');
                continue;
            }

            if (argi >= args.Count)
            {
                sb.Append("%!").Append(verb).Append("(MISSING)");
                continue;
            }

            var arg = args[argi++];
            var text = FormatOne(verb, arg, prec, plus, space, sharp);
            sb.Append(Pad(text, width, minus, zero && !minus));
        }

        if (argi < args.Count && !reordered)
        {
            sb.Append("%!(EXTRA ");
            for (var j = argi; j < args.Count; j++)
            {
                if (j > argi)
                {
                    sb.Append(", ");
                }

                sb.Append(GoTypeName(args[j])).Append('=').Append(args[j] is NumberValue xn && GoNumber(xn, out var xd) == GoNumberKind.Float ? FormatG(xd, -1, false) : Plain(args[j]));
            }

            sb.Append(')');
        }

        return sb.ToString();
    }

    private static int ReadInt(string s, ref int i)
    {
        var start = i;
        var n = 0;
        while (i < s.Length && char.IsAsciiDigit(s[i]))
        {
            n = n * 10 + (s[i] - '0');
            i++;
        }

        return i == start ? -1 : n;
    }

    private static string Pad(string text, int width, bool left, bool zero)
    {
        if (width < 0 || text.Length >= width)
        {
            return text;
        }

        if (left)
        {
            return text.PadRight(width);
        }

        if (zero)
        {
            var sign = text.Length > 0 && text[0] is '-' or '+' ? text[0].ToString() : string.Empty;
            return sign + text[sign.Length..].PadLeft(width - sign.Length, '0');
        }

        return text.PadLeft(width);
    }

    private static string GoTypeName(Value v) => v switch
    {
        NumberValue n => GoNumber(n, out _) switch
        {
            GoNumberKind.Int => "int",
            GoNumberKind.BigInt => "*big.Int",
            GoNumberKind.Float => "float64",
            _ => "string",
        },
        _ => "string",
    };

    private enum GoNumberKind
    {
        Int,
        BigInt,
        Float,
        Text,
    }

    /// <summary>
    /// The Go value OPA hands to fmt for a number: its text decides, not its value. A number written with a
    /// fraction or an exponent (2.0, 1e3) is a float64 (its text when out of float64's range); any other is an
    /// int, or a big.Int past 64 bits. Numbers computed with a fraction are floats (OPA prints them with one).
    /// </summary>
    private static GoNumberKind GoNumber(NumberValue n, out double d)
    {
        d = 0;
        if (n.FloatText is { } text)
        {
            d = double.Parse(text, NumberStyles.Float, CultureInfo.InvariantCulture);
            return double.IsInfinity(d) ? GoNumberKind.Text : GoNumberKind.Float;
        }

        if (n.TryGetInt64(out _))
        {
            return GoNumberKind.Int;
        }

        if (n.IsInteger)
        {
            return GoNumberKind.BigInt;
        }

        d = n.ToDouble();
        return GoNumberKind.Float;
    }

    /// <summary>%v / %s text of a value.</summary>
    public static string Plain(Value v) => v switch
    {
        StringValue s => s.Value,
        _ => v.ToString(),
    };

    /// <summary>
    /// Formats one operand as Go would format the value OPA hands to fmt.Sprintf: strings as strings,
    /// integers as int (or big.Int when large), other numbers as float64, anything else as its Rego text.
    /// </summary>
    private static string FormatOne(char verb, Value arg, int prec, bool plus, bool space, bool sharp)
    {
        string text;
        if (arg is NumberValue n)
        {
            switch (GoNumber(n, out var d))
            {
                case GoNumberKind.Int:
                    n.TryGetInt64(out var l);
                    return FormatInt(verb, new BigInteger(l), "int", prec, plus, space, sharp, big: false);
                case GoNumberKind.BigInt:
                    n.TryGetBigInteger(out var bi);
                    return FormatInt(verb, bi, "big.Int", prec, plus, space, sharp, big: true);
                case GoNumberKind.Float:
                    return FormatFloat(verb, d, prec, plus);
            }

            text = n.FloatText!;
        }
        else
        {
            text = arg is StringValue sv ? sv.Value : arg.ToString();
        }

        switch (verb)
        {
            case 's':
            case 'v':
                return prec >= 0 && text.Length > prec ? text[..prec] : text;
            case 'q':
                return Quote(text);
            case 'x':
            case 'X':
                return HexBytes(Encoding.UTF8.GetBytes(text), verb == 'X', space, sharp);

            default:
                return $"%!{verb}(string={text})";
        }
    }

    private static string FormatInt(char verb, BigInteger v, string goType, int prec, bool plus, bool space, bool sharp, bool big)
    {
        var sign = v.Sign < 0 ? "-" : plus ? "+" : space ? " " : string.Empty;
        var abs = BigInteger.Abs(v);
        switch (verb)
        {
            case 'd':
            case 'v':
                return sign + abs.ToString(CultureInfo.InvariantCulture);
            case 's' when big:
                return sign + abs.ToString(CultureInfo.InvariantCulture);
            case 'b':
                return sign + ToRadix(abs, 2);
            case 'o':
                return sign + (sharp ? "0" : string.Empty) + ToRadix(abs, 8);
            case 'x':
                return sign + (sharp ? "0x" : string.Empty) + ToRadix(abs, 16);
            case 'X':
                return sign + (sharp ? "0X" : string.Empty) + ToRadix(abs, 16).ToUpperInvariant();
            case 'c' when !big && v >= 0 && v <= 0x10FFFF:
                return char.ConvertFromUtf32((int)v);
            case 'q' when !big && v >= 0 && v <= 0x10FFFF:
                return QuoteRune((int)v);
            default:
                return $"%!{verb}({goType}={v.ToString(CultureInfo.InvariantCulture)})";
        }
    }

    private static string FormatFloat(char verb, double d, int prec, bool plus)
    {
        var sign = plus && d >= 0 ? "+" : string.Empty;
        switch (verb)
        {
            case 'f':
            case 'F':
                return sign + FixedPoint(d, prec < 0 ? 6 : prec, false);
            case 'e':
            case 'E':
            {
                var s = FormatE(d, prec < 0 ? 6 : prec);
                return sign + (verb == 'E' ? s.ToUpperInvariant() : s);
            }

            case 'g':
            case 'G':
            case 'v':
            {
                var s = FormatG(d, verb == 'v' ? -1 : prec, false);
                return sign + (verb == 'G' ? s.ToUpperInvariant() : s);
            }

            default:
                return $"%!{verb}(float64={FormatG(d, -1, false)})";
        }
    }

    private static string Sign(string s) => s;

    private static string Bad(char verb, Value arg) => $"%!{verb}({GoTypeName(arg)}={Plain(arg)})";

    private static string ToRadix(BigInteger v, int radix)
    {
        if (v.IsZero)
        {
            return "0";
        }

        var sb = new StringBuilder();
        while (!v.IsZero)
        {
            sb.Insert(0, "0123456789abcdef"[(int)(v % radix)]);
            v /= radix;
        }

        return sb.ToString();
    }

    /// <summary>Exact fixed-point rounding (half to even on exact ties as Go's strconv does for the float's value).</summary>
    private static string FixedPoint(double d, int prec, bool plus)
    {
        var s = d.ToString("F" + prec.ToString(CultureInfo.InvariantCulture), CultureInfo.InvariantCulture);
        if (plus && d >= 0)
        {
            s = "+" + s;
        }

        return s;
    }

    private static string FormatE(double d, int prec)
    {
        var s = d.ToString((prec == 0 ? "0" : "0." + new string('0', prec)) + "e+00", CultureInfo.InvariantCulture);
        return s;
    }

    /// <summary>Go's %g: shortest representation, exponent form for large/small exponents.</summary>
    internal static string FormatG(double d, int prec, bool upper)
    {
        if (d == 0)
        {
            return double.IsNegative(d) ? "-0" : "0";
        }

        var r = prec < 0 ? d.ToString("R", CultureInfo.InvariantCulture) : d.ToString("G" + prec.ToString(CultureInfo.InvariantCulture), CultureInfo.InvariantCulture);
        var exp = (int)Math.Floor(Math.Log10(Math.Abs(d)));
        // Go's strconv decides %g's form on precision 6 when the digits are the shortest (%v of 1e6 is 1e+06).
        var limit = prec < 0 ? 6 : prec;
        if (exp < -4 || exp >= limit)
        {
            var mant = prec < 0 ? d.ToString("E16", CultureInfo.InvariantCulture) : d.ToString("E" + Math.Max(prec - 1, 0).ToString(CultureInfo.InvariantCulture), CultureInfo.InvariantCulture);
            // Shortest mantissa digits.
            var shortest = decimal.TryParse(r, NumberStyles.Float, CultureInfo.InvariantCulture, out _) ? r : mant;
            var digits = shortest.Replace("-", string.Empty, StringComparison.Ordinal).Replace(".", string.Empty, StringComparison.Ordinal);
            var ePos = digits.IndexOfAny(['E', 'e']);
            if (ePos >= 0)
            {
                digits = digits[..ePos];
            }

            digits = digits.TrimStart('0').TrimEnd('0');
            if (digits.Length == 0)
            {
                digits = "0";
            }

            var m = digits.Length > 1 ? digits[0] + "." + digits[1..] : digits;
            var res = (d < 0 ? "-" : string.Empty) + m + "e" + (exp < 0 ? "-" : "+") + Math.Abs(exp).ToString("00", CultureInfo.InvariantCulture);
            return upper ? res.ToUpperInvariant() : res;
        }

        if (r.Contains('E', StringComparison.Ordinal))
        {
            r = ((decimal)d).ToString(CultureInfo.InvariantCulture);
        }

        return r;
    }
}
