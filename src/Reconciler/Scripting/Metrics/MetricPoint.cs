namespace GitOpsFleet.Scripting.Metrics;

public readonly record struct MetricPoint(DateTimeOffset Time, double Value);
