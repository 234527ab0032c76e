using System.Globalization;
using System.Net.Http.Headers;

namespace GitOpsFleet.Forges;

/// <summary>How long a forge asked us to wait: Retry-After (seconds or a date), else a reset time in epoch seconds (GitHub's x-ratelimit-reset, GitLab's RateLimit-Reset).</summary>
internal static class RetryTiming
{
    public static TimeSpan? From(Func<string, string?> header, TimeProvider time)
    {
        var now = time.GetUtcNow();
        if (header("Retry-After") is { } retryAfter)
        {
            if (int.TryParse(retryAfter, NumberStyles.None, CultureInfo.InvariantCulture, out var seconds)) return TimeSpan.FromSeconds(seconds);
            if (DateTimeOffset.TryParse(retryAfter, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal, out var at)) return Positive(at - now);
        }
        foreach (var name in (string[])["x-ratelimit-reset", "RateLimit-Reset"])
        {
            if (header(name) is { } reset && long.TryParse(reset, NumberStyles.None, CultureInfo.InvariantCulture, out var epoch))
            {
                return Positive(DateTimeOffset.FromUnixTimeSeconds(epoch) - now);
            }
        }
        return null;
    }

    public static TimeSpan? From(HttpResponseHeaders headers, TimeProvider time) =>
        From(name => headers.TryGetValues(name, out var values) ? values.FirstOrDefault() : null, time);

    private static TimeSpan Positive(TimeSpan span) => span < TimeSpan.Zero ? TimeSpan.Zero : span;
}
