namespace GitOpsFleet.Policies.Builtins.Kernels.Time;

/// <summary>
/// An instant with nanosecond precision (Unix seconds + nanoseconds) seen in a time zone, like Go's time.Time.
/// DateTime alone cannot hold nanoseconds, so the sub-second part travels separately.
/// </summary>
internal readonly record struct GoTime(long UnixSeconds, int Nanos, TimeZoneInfo Zone)
{
    public const long MinNs = long.MinValue;
    public const long MaxNs = long.MaxValue;

    public static GoTime FromUnixNanos(Int128 ns, TimeZoneInfo zone)
    {
        var sec = (long)(ns / 1_000_000_000);
        var nanos = (int)(ns % 1_000_000_000);
        if (nanos < 0)
        {
            nanos += 1_000_000_000;
            sec--;
        }

        return new GoTime(sec, nanos, zone);
    }

    public Int128 UnixNanos => ((Int128)UnixSeconds * 1_000_000_000) + Nanos;

    public DateTime Utc => DateTime.UnixEpoch.AddSeconds(UnixSeconds);

    public TimeSpan Offset => Zone.GetUtcOffset(Utc);

    /// <summary>Wall-clock date and time in <see cref="Zone"/>, to the second.</summary>
    public DateTime Local => Utc + Offset;

    /// <summary>Go's zone abbreviation where we can know it; otherwise the numeric offset, as Go prints unnamed zones.</summary>
    public string ZoneAbbreviation
    {
        get
        {
            if (Zone == TimeZoneInfo.Utc || Zone.Id is "UTC" or "Etc/UTC")
            {
                return "UTC";
            }

            var off = Offset;
            var sign = off < TimeSpan.Zero ? "-" : "+";
            off = off.Duration();
            return off.Minutes == 0 ? $"{sign}{off.Hours:00}" : $"{sign}{off.Hours:00}{off.Minutes:00}";
        }
    }

    /// <summary>Builds an instant from wall-clock fields in a zone (or with a fixed offset), normalising overflowing fields like Go's time.Date.</summary>
    public static GoTime FromLocal(long year, long month, long day, long hour, long minute, long second, int nanos, TimeZoneInfo zone, TimeSpan? fixedOffset = null)
    {
        // Normalise month into year first, then days are added as a span so that Jan 32 becomes Feb 1.
        var m0 = month - 1;
        year += Math.DivRem(m0, 12, out var rem) - (rem < 0 ? 1 : 0);
        m0 = ((m0 % 12) + 12) % 12;
        if (year < 1 || year > 9999)
        {
            throw new ArgumentOutOfRangeException(nameof(year), "time outside of valid range");
        }

        var baseDate = new DateTime((int)year, (int)m0 + 1, 1, 0, 0, 0, DateTimeKind.Unspecified);
        var localSeconds = ((baseDate - DateTime.UnixEpoch).Ticks / TimeSpan.TicksPerSecond)
            + ((day - 1) * 86400) + (hour * 3600) + (minute * 60) + second;
        long offsetSeconds;
        if (fixedOffset is { } fo)
        {
            offsetSeconds = (long)fo.TotalSeconds;
        }
        else
        {
            var local = DateTime.UnixEpoch.AddSeconds(localSeconds);
            offsetSeconds = (long)(zone.IsInvalidTime(local) ? zone.GetUtcOffset(local.AddHours(1)) : zone.GetUtcOffset(local)).TotalSeconds;
        }

        return new GoTime(localSeconds - offsetSeconds, nanos, zone);
    }
}
