using System.Globalization;
using System.Numerics;
using System.Text;
using GitOpsFleet.Policies.Values;

namespace GitOpsFleet.Policies.Builtins.Kernels.JsonSchema;

/// <summary>
/// The JSON view of Rego values that the validator works on, and the two number renderings gojsonschema
/// exposes: Go's encoding/json of a float64 (used to compare enum/const/unique values, so 1 and 1.0 are
/// equal but precision beyond a double is lost) and big.Float's %v (used for limits in messages).
/// </summary>
internal static class SchemaJson
{
    /// <summary>Rego to JSON: sets become arrays; object keys must be strings.</summary>
    public static Value ToJson(Value v) => v switch
    {
        SetValue s => new ArrayValue(s.AsList().Select(ToJson).ToArray()),
        ArrayValue a => new ArrayValue(a.AsList().Select(ToJson).ToArray()),
        ObjectValue o => ObjectValue.Of(o.Pairs.Select(p => new KeyValuePair<Value, Value>(
            p.Key is StringValue ? p.Key : throw new SchemaException("invalid object key type: " + p.Key.TypeName),
            ToJson(p.Value)))),
        _ => v,
    };

    /// <summary>The JSON text of a value with numbers round-tripped through float64 and keys sorted (gojsonschema's comparison form).</summary>
    public static string Canonical(Value v)
    {
        var sb = new StringBuilder();
        WriteCanonical(sb, v);
        return sb.ToString();
    }

    private static void WriteCanonical(StringBuilder sb, Value v)
    {
        switch (v)
        {
            case NumberValue n:
                sb.Append(FormatJsonFloat(n.ToDouble()));
                break;
            case ArrayValue a:
                sb.Append('[');
                for (var i = 0; i < a.Count; i++)
                {
                    if (i > 0)
                    {
                        sb.Append(',');
                    }

                    WriteCanonical(sb, a[i]);
                }

                sb.Append(']');
                break;
            case ObjectValue o:
                sb.Append('{');
                var first = true;
                foreach (var (k, val) in o.Pairs.OrderBy(p => ((StringValue)p.Key).Value, StringComparer.Ordinal))
                {
                    if (!first)
                    {
                        sb.Append(',');
                    }

                    first = false;
                    ValueJson.WriteJsonString(sb, ((StringValue)k).Value, escapeHtml: true);
                    sb.Append(':');
                    WriteCanonical(sb, val);
                }

                sb.Append('}');
                break;
            case StringValue s:
                ValueJson.WriteJsonString(sb, s.Value, escapeHtml: true);
                break;
            default:
                v.WriteRego(sb);
                break;
        }
    }

    /// <summary>Go's encoding/json float64 text: shortest digits, plain notation except below 1e-6 or from 1e21.</summary>
    public static string FormatJsonFloat(double d)
    {
        if (double.IsInfinity(d))
        {
            // Go refuses these; a number this large only arises from a huge literal.
            return d > 0 ? "1e+309" : "-1e+309";
        }

        if (d == 0)
        {
            return "0";
        }

        var (neg, digits, point) = ShortestDigits(d);
        var abs = Math.Abs(d);
        var sb = new StringBuilder();
        if (neg)
        {
            sb.Append('-');
        }

        if (abs < 1e-6 || abs >= 1e21)
        {
            AppendExponent(sb, digits, point, minExponentDigits: 1);
        }
        else
        {
            AppendFixed(sb, digits, point);
        }

        return sb.ToString();
    }

    /// <summary>big.Float's %v: shortest digits, %e notation when the exponent is below -4 or at least 6.</summary>
    public static string FormatLimit(NumberValue n)
    {
        if (n.Sign == 0)
        {
            return "0";
        }

        var mantissa = BigInteger.Abs(n.Mantissa);
        var exponent = n.Exponent;
        var digits = mantissa.ToString(CultureInfo.InvariantCulture);
        var trimmed = digits.TrimEnd('0');
        exponent += digits.Length - trimmed.Length;
        var point = trimmed.Length + exponent;
        var sb = new StringBuilder();
        if (n.Sign < 0)
        {
            sb.Append('-');
        }

        var exp = point - 1;
        if (exp < -4 || exp >= 6)
        {
            AppendExponent(sb, trimmed, point, minExponentDigits: 2);
        }
        else
        {
            AppendFixed(sb, trimmed, point);
        }

        return sb.ToString();
    }

    /// <summary>Shortest round-trip digits of |d| and the decimal point position (value = 0.digits * 10^point).</summary>
    private static (bool Negative, string Digits, int Point) ShortestDigits(double d)
    {
        var shortest = Math.Abs(d).ToString("R", CultureInfo.InvariantCulture);
        var mantissaPart = shortest;
        var exp = 0;
        var e = shortest.IndexOfAny(['E', 'e']);
        if (e >= 0)
        {
            mantissaPart = shortest[..e];
            exp = int.Parse(shortest[(e + 1)..], NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture);
        }

        var dot = mantissaPart.IndexOf('.', StringComparison.Ordinal);
        var intPart = dot >= 0 ? mantissaPart[..dot] : mantissaPart;
        var fracPart = dot >= 0 ? mantissaPart[(dot + 1)..] : string.Empty;
        var all = intPart + fracPart;
        var point = intPart.Length + exp;
        var lead = 0;
        while (lead < all.Length - 1 && all[lead] == '0')
        {
            lead++;
        }

        all = all[lead..];
        point -= lead;
        var trimmed = all.TrimEnd('0');
        return (d < 0, trimmed.Length == 0 ? "0" : trimmed, point);
    }

    private static void AppendExponent(StringBuilder sb, string digits, int point, int minExponentDigits)
    {
        sb.Append(digits[0]);
        if (digits.Length > 1)
        {
            sb.Append('.').Append(digits, 1, digits.Length - 1);
        }

        var exp = point - 1;
        sb.Append('e').Append(exp < 0 ? '-' : '+');
        sb.Append(Math.Abs(exp).ToString(CultureInfo.InvariantCulture).PadLeft(minExponentDigits, '0'));
    }

    private static void AppendFixed(StringBuilder sb, string digits, int point)
    {
        if (point <= 0)
        {
            sb.Append("0.").Append('0', -point).Append(digits);
        }
        else if (point >= digits.Length)
        {
            sb.Append(digits).Append('0', point - digits.Length);
        }
        else
        {
            sb.Append(digits, 0, point).Append('.').Append(digits, point, digits.Length - point);
        }
    }
}
