using System.Globalization;

namespace GitOpsFleet.Policies.Builtins.Kernels.Time;

/// <summary>Go's time.ParseDuration: a sequence of decimal numbers with units ns, us, µs, ms, s, m, h.</summary>
internal static class GoDuration
{
    public static long Parse(string text)
    {
        var s = text;
        var neg = false;
        if (s.Length > 0 && (s[0] == '-' || s[0] == '+'))
        {
            neg = s[0] == '-';
            s = s[1..];
        }

        if (s == "0")
        {
            return 0;
        }

        if (s.Length == 0)
        {
            throw new FormatException($"time: invalid duration {Quote(text)}");
        }

        decimal total = 0;
        var i = 0;
        while (i < s.Length)
        {
            var start = i;
            while (i < s.Length && (char.IsAsciiDigit(s[i]) || s[i] == '.'))
            {
                i++;
            }

            var num = s[start..i];
            if (num.Length == 0 || num == "." || !decimal.TryParse(num, NumberStyles.AllowDecimalPoint, CultureInfo.InvariantCulture, out var value))
            {
                throw new FormatException($"time: invalid duration {Quote(text)}");
            }

            var us = i;
            while (i < s.Length && !char.IsAsciiDigit(s[i]) && s[i] != '.')
            {
                i++;
            }

            var unit = s[us..i];
            if (unit.Length == 0)
            {
                throw new FormatException($"time: missing unit in duration {Quote(text)}");
            }

            decimal scale = unit switch
            {
                "ns" => 1m,
                "us" or "µs" or "μs" => 1_000m,
                "ms" => 1_000_000m,
                "s" => 1_000_000_000m,
                "m" => 60_000_000_000m,
                "h" => 3_600_000_000_000m,
                _ => throw new FormatException($"time: unknown unit {Quote(unit)} in duration {Quote(text)}"),
            };
            total += value * scale;
            if (total > long.MaxValue)
            {
                throw new FormatException($"time: invalid duration {Quote(text)}");
            }
        }

        var result = (long)decimal.Truncate(total);
        return neg ? -result : result;
    }

    private static string Quote(string s) => "\"" + s + "\"";
}
