using System.Globalization;

namespace GitOpsFleet.Loading;

/// <summary>Durations as people write them in fleet files: "30s", "2m", "1h", "1h30m", "500ms", "1d".</summary>
internal static class Durations
{
    /// <summary>What <see cref="TryParse"/> accepts, short of its range check, for the published schema.</summary>
    public const string Pattern = "^\\s*([0-9]+(ms|s|m|h|d))+\\s*$";

    public static bool TryParse(string text, out TimeSpan duration)
    {
        duration = TimeSpan.Zero;
        var s = text.AsSpan().Trim();
        if (s.IsEmpty)
        {
            return false;
        }
        var total = 0.0;
        var i = 0;
        while (i < s.Length)
        {
            var start = i;
            while (i < s.Length && char.IsAsciiDigit(s[i]))
            {
                i++;
            }
            if (i == start || !double.TryParse(s[start..i], NumberStyles.None, CultureInfo.InvariantCulture, out var number))
            {
                return false;
            }
            double unitMs;
            if (i + 1 < s.Length && s[i] == 'm' && s[i + 1] == 's')
            {
                unitMs = 1;
                i += 2;
            }
            else if (i < s.Length && s[i] is 's' or 'm' or 'h' or 'd')
            {
                unitMs = s[i] switch { 's' => 1_000, 'm' => 60_000, 'h' => 3_600_000, _ => 86_400_000 };
                i++;
            }
            else
            {
                return false;
            }
            total += number * unitMs;
        }
        // A zero or absurd interval is a typo, not an intent; a year is far beyond any schedule we run.
        if (total <= 0 || total > TimeSpan.FromDays(366).TotalMilliseconds)
        {
            return false;
        }
        duration = TimeSpan.FromMilliseconds(total);
        return true;
    }
}
