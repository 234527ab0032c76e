namespace GitOpsFleet.Scripting.Metrics;

/// <summary>One series over a time range.</summary>
public sealed record MetricSeries(IReadOnlyDictionary<string, string> Labels, IReadOnlyList<MetricPoint> Points);
