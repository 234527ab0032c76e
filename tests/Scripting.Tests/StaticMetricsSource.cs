using GitOpsFleet.Scripting.Metrics;

namespace GitOpsFleet.Scripting.Tests;

/// <summary>For tests about scripts rather than metrics: answers every instant query with the configured samples.</summary>
internal sealed class StaticMetricsSource(params double[] values) : IMetricsSource
{
    public int Queries;

    public Task<IReadOnlyList<MetricSample>> QueryAsync(string query, DateTimeOffset at, CancellationToken cancellationToken)
    {
        Interlocked.Increment(ref Queries);
        if (query.StartsWith("fail", StringComparison.Ordinal)) throw new MetricsQueryException("bad_data: " + query);
        IReadOnlyList<MetricSample> samples = values.Select((v, i) => new MetricSample(new Dictionary<string, string> { ["instance"] = $"node-{i}" }, v)).ToList();
        return Task.FromResult(samples);
    }

    public Task<IReadOnlyList<MetricSeries>> QueryRangeAsync(string query, DateTimeOffset start, DateTimeOffset end, TimeSpan step, CancellationToken cancellationToken)
    {
        Interlocked.Increment(ref Queries);
        IReadOnlyList<MetricSeries> series = values.Length == 0 ? [] :
            [new MetricSeries(new Dictionary<string, string>(), values.Select((v, i) => new MetricPoint(start + step * i, v)).ToList())];
        return Task.FromResult(series);
    }
}
