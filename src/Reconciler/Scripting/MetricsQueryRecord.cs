namespace GitOpsFleet.Scripting;

/// <summary>One metrics query a script made; <see cref="Window"/> is set for range averages.</summary>
public sealed record MetricsQueryRecord(string Query, TimeSpan? Window, double? Result, string? Error);
