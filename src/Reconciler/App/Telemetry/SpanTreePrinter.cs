using System.Diagnostics;
using System.Globalization;

namespace GitOpsFleet.Reconciler.Telemetry;

/// <summary>
/// Prints spans as an indented tree: one line per span with its duration and the attribute that tells siblings
/// apart (provider, node, pool, stage), children in the order they started.
/// </summary>
internal static class SpanTreePrinter
{
    /// <summary>The attributes worth a place on the line, in this order; the rest are in the exported spans.</summary>
    private static readonly string[] Shown =
    [
        TelemetryTags.Provider, TelemetryTags.Pool, TelemetryTags.Node, TelemetryTags.Stage, TelemetryTags.Operation,
        "gitopsfleet.step.outcome", "gitopsfleet.result",
    ];

    public static void Print(IReadOnlyList<Activity> spans, TextWriter output)
    {
        var ids = spans.Select(s => s.SpanId).ToHashSet();
        var children = spans.Where(s => ids.Contains(s.ParentSpanId)).ToLookup(s => s.ParentSpanId);
        // A span whose parent is not here (a caller's, or none) starts a tree of its own.
        foreach (var root in spans.Where(s => !ids.Contains(s.ParentSpanId)).OrderBy(s => s.StartTimeUtc))
        {
            output.WriteLine($"trace {root.TraceId}");
            Write(root, 0, children, output);
        }
    }

    private static void Write(Activity span, int depth, ILookup<ActivitySpanId, Activity> children, TextWriter output)
    {
        var tags = Shown.Select(k => (k, v: span.GetTagItem(k))).Where(t => t.v is not null).Select(t => $"{Short(t.k)}={t.v}");
        var status = span.Status == ActivityStatusCode.Error ? " ERROR" : "";
        var ms = span.Duration.TotalMilliseconds.ToString("0.0", CultureInfo.InvariantCulture);
        output.WriteLine($"{new string(' ', 2 * depth)}{span.DisplayName}  {ms} ms{status}  {string.Join(' ', tags)}".TrimEnd());
        foreach (var child in children[span.SpanId].OrderBy(s => s.StartTimeUtc)) Write(child, depth + 1, children, output);
    }

    private static string Short(string key) => key[(key.LastIndexOf('.') + 1)..];
}
