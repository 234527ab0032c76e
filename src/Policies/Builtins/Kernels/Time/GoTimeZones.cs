namespace GitOpsFleet.Policies.Builtins.Kernels.Time;

internal static class GoTimeZones
{
    /// <summary>Resolves a Go location name: "" and "UTC" are UTC, "Local" the host zone, anything else an IANA id.</summary>
    public static TimeZoneInfo Find(string name)
    {
        if (name is "" or "UTC")
        {
            return TimeZoneInfo.Utc;
        }

        if (name == "Local")
        {
            return TimeZoneInfo.Local;
        }

        try
        {
            return TimeZoneInfo.FindSystemTimeZoneById(name);
        }
        catch (Exception e) when (e is TimeZoneNotFoundException or InvalidTimeZoneException)
        {
            throw new FormatException($"unknown time zone {name}");
        }
    }

    public static TimeZoneInfo Fixed(TimeSpan offset) =>
        offset == TimeSpan.Zero ? TimeZoneInfo.Utc : TimeZoneInfo.CreateCustomTimeZone("fixed" + offset, offset, "", "");
}
