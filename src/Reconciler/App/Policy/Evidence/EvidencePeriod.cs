using System.Globalization;

namespace GitOpsFleet.Reconciler.Policy.Evidence;

/// <summary>The ends of an evidence period as `policy report` and GET /api/evidence take them.</summary>
internal static class EvidencePeriod
{
    /// <summary>A date alone is midnight UTC of that day; a time needs its offset (or Z), so a period never depends on the machine's zone.</summary>
    public static bool TryReadInstant(string text, out DateTimeOffset instant)
    {
        if (DateOnly.TryParseExact(text, "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out var day))
        {
            instant = new DateTimeOffset(day.ToDateTime(TimeOnly.MinValue), TimeSpan.Zero);
            return true;
        }
        var hasZone = text.EndsWith('Z') || text.EndsWith('z') || (text.Length > 6 && text[^6] is '+' or '-' && text[^3] == ':');
        return DateTimeOffset.TryParse(text, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal, out instant) && hasZone;
    }
}
