namespace GitOpsFleet.Reconciler.Service;

/// <summary>How long a failing fleet waits before its next attempt: its interval doubled per failure, capped.</summary>
internal static class Backoff
{
    public static TimeSpan Delay(int consecutiveFailures, TimeSpan interval, TimeSpan max)
    {
        if (consecutiveFailures <= 0) return interval;
        var cap = max > interval ? max : interval;
        // 2^n overflows past ~60 doublings; the cap is long reached by then.
        var factor = Math.Pow(2, Math.Min(consecutiveFailures, 30));
        var ticks = interval.Ticks * factor;
        return ticks >= cap.Ticks ? cap : TimeSpan.FromTicks((long)ticks);
    }
}
