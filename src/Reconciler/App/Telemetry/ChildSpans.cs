using System.Diagnostics;

namespace GitOpsFleet.Reconciler.Telemetry;

/// <summary>
/// The spans inside a step (git.fetch, provider.observe, provider.apply, script.evaluate, policy.evaluate, forge.*).
/// Start returns null when nothing listens, so call sites pay one null check with tracing off.
/// </summary>
internal static class ChildSpans
{
    public static Activity? Start(string name, string key, object? value)
    {
        var span = SpanSource.Source.StartActivity(name);
        span?.SetTag(key, value);
        return span;
    }

    /// <summary>For an exception filter (<c>catch when (ChildSpans.Failed(span, ex))</c>): marks the span and lets the exception pass on.</summary>
    public static bool Failed(Activity? span, Exception ex)
    {
        span?.SetStatus(ActivityStatusCode.Error, ex.GetType().Name);
        return false;
    }
}
