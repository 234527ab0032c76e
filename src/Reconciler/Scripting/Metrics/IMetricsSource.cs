namespace GitOpsFleet.Scripting.Metrics;

/// <summary>Where a pool's metrics come from: a Prometheus server, or the nodes' own /metrics endpoints.</summary>
public interface IMetricsSource
{
    /// <summary>Evaluates <paramref name="query"/> at <paramref name="at"/>. Throws <see cref="MetricsQueryException"/> when the query cannot be answered.</summary>
    Task<IReadOnlyList<MetricSample>> QueryAsync(string query, DateTimeOffset at, CancellationToken cancellationToken);

    /// <summary>Evaluates <paramref name="query"/> at every <paramref name="step"/> from <paramref name="start"/> to <paramref name="end"/>.</summary>
    Task<IReadOnlyList<MetricSeries>> QueryRangeAsync(string query, DateTimeOffset start, DateTimeOffset end, TimeSpan step, CancellationToken cancellationToken);
}
