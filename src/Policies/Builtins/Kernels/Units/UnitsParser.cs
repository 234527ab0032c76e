using System.Globalization;
using System.Numerics;

namespace GitOpsFleet.Policies.Builtins.Kernels.Units;

/// <summary>
/// units.parse / units.parse_bytes: a decimal amount (optionally with an exponent) followed by an SI or IEC suffix.
/// Results are exact decimals, mantissa × 10^exponent, so "1.1Ki" is exactly 1126.4.
/// </summary>
internal static class UnitsParser
{
    /// <summary>Thrown with OPA's message text when the amount cannot be parsed.</summary>
    internal sealed class UnitsException(string message) : Exception(message);

    public static (BigInteger Mantissa, int Exponent) Parse(string raw)
    {
        var (mantissa, exponent, unit) = Split(raw, "no amount provided", "could not parse amount to a number");
        // Only here is case significant: "m" is milli, "M" mega.
        if (unit == "m")
        {
            return Normalize(mantissa, exponent - 3);
        }

        var multiplier = unit.ToLowerInvariant() switch
        {
            "" => BigInteger.One,
            "k" => BigInteger.Pow(1000, 1),
            "ki" => BigInteger.Pow(1024, 1),
            "m" => BigInteger.Pow(1000, 2),
            "mi" => BigInteger.Pow(1024, 2),
            "g" => BigInteger.Pow(1000, 3),
            "gi" => BigInteger.Pow(1024, 3),
            "t" => BigInteger.Pow(1000, 4),
            "ti" => BigInteger.Pow(1024, 4),
            "p" => BigInteger.Pow(1000, 5),
            "pi" => BigInteger.Pow(1024, 5),
            "e" => BigInteger.Pow(1000, 6),
            "ei" => BigInteger.Pow(1024, 6),
            _ => throw new UnitsException("unit not recognized"),
        };
        return Normalize(mantissa * multiplier, exponent);
    }

    /// <summary>Byte amounts are whole numbers: the fractional part is dropped.</summary>
    public static BigInteger ParseBytes(string raw)
    {
        var (mantissa, exponent, unit) = Split(raw, "no byte amount provided", "could not parse byte amount to a number");
        var multiplier = unit.ToLowerInvariant() switch
        {
            "" or "b" => BigInteger.One,
            "k" or "kb" => BigInteger.Pow(1000, 1),
            "ki" or "kib" => BigInteger.Pow(1024, 1),
            "m" or "mb" => BigInteger.Pow(1000, 2),
            "mi" or "mib" => BigInteger.Pow(1024, 2),
            "g" or "gb" => BigInteger.Pow(1000, 3),
            "gi" or "gib" => BigInteger.Pow(1024, 3),
            "t" or "tb" => BigInteger.Pow(1000, 4),
            "ti" or "tib" => BigInteger.Pow(1024, 4),
            "p" or "pb" => BigInteger.Pow(1000, 5),
            "pi" or "pib" => BigInteger.Pow(1024, 5),
            "e" or "eb" => BigInteger.Pow(1000, 6),
            "ei" or "eib" => BigInteger.Pow(1024, 6),
            _ => throw new UnitsException("byte unit not recognized"),
        };
        var value = mantissa * multiplier;
        return exponent >= 0 ? value * BigInteger.Pow(10, exponent) : BigInteger.Divide(value, BigInteger.Pow(10, -exponent));
    }

    private static (BigInteger Mantissa, int Exponent) Normalize(BigInteger m, int e)
    {
        if (m.IsZero)
        {
            return (BigInteger.Zero, 0);
        }

        while (e < 0 && m % 10 == 0)
        {
            m /= 10;
            e++;
        }

        return (m, e);
    }

    private static (BigInteger Mantissa, int Exponent, string Unit) Split(string raw, string noAmount, string badNumber)
    {
        // Quotes are removed so values copied from JSON or YAML still parse.
        var s = raw.Replace("\"", "", StringComparison.Ordinal);
        if (s.Contains(' ', StringComparison.Ordinal))
        {
            throw new UnitsException("spaces not allowed in resource strings");
        }

        var i = 0;
        if (i < s.Length && (s[i] == '-' || s[i] == '+'))
        {
            i++;
        }

        while (i < s.Length && (char.IsAsciiDigit(s[i]) || s[i] == '.'))
        {
            i++;
        }

        // An exponent only counts when digits follow; otherwise "E" is the exa suffix.
        if (i < s.Length && (s[i] == 'e' || s[i] == 'E'))
        {
            var j = i + 1;
            if (j < s.Length && (s[j] == '-' || s[j] == '+'))
            {
                j++;
            }

            if (j < s.Length && char.IsAsciiDigit(s[j]))
            {
                while (j < s.Length && char.IsAsciiDigit(s[j]))
                {
                    j++;
                }

                i = j;
            }
        }

        var number = s[..i];
        if (number.Length == 0 || number is "-" or "+")
        {
            throw new UnitsException(noAmount);
        }

        return TryParseDecimal(number, out var m, out var e) ? (m, e, s[i..]) : throw new UnitsException(badNumber);
    }

    private static bool TryParseDecimal(string text, out BigInteger mantissa, out int exponent)
    {
        mantissa = BigInteger.Zero;
        exponent = 0;
        var negative = text.StartsWith('-');
        var s = text.TrimStart('-', '+');
        var expAt = s.IndexOfAny(['e', 'E']);
        var exp = 0;
        if (expAt >= 0)
        {
            if (!int.TryParse(s[(expAt + 1)..], NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out exp))
            {
                return false;
            }

            s = s[..expAt];
        }

        var dot = s.IndexOf('.', StringComparison.Ordinal);
        if (dot >= 0 && s.IndexOf('.', dot + 1) >= 0)
        {
            return false;
        }

        var digits = dot >= 0 ? s.Remove(dot, 1) : s;
        if (digits.Length == 0 || !digits.All(char.IsAsciiDigit))
        {
            return false;
        }

        mantissa = BigInteger.Parse(digits, CultureInfo.InvariantCulture);
        if (negative)
        {
            mantissa = -mantissa;
        }

        exponent = exp - (dot >= 0 ? s.Length - dot - 1 : 0);
        return true;
    }
}
