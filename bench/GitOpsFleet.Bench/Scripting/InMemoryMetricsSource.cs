using GitOpsFleet.Scripting.Metrics;

namespace GitOpsFleet.Bench.Scripting;

/// <summary>Answers at once, so the cached-evaluation benchmark measures the engine (hand-off, globals, budgets), not a network.</summary>
internal sealed class InMemoryMetricsSource : IMetricsSource
{
    private static readonly IReadOnlyList<MetricSample> Samples =
        [new MetricSample(new Dictionary<string, string> { ["instance"] = "node-0" }, 420.0)];

    public Task<IReadOnlyList<MetricSample>> QueryAsync(string query, DateTimeOffset at, CancellationToken cancellationToken) =>
        Task.FromResult(Samples);

    public Task<IReadOnlyList<MetricSeries>> QueryRangeAsync(string query, DateTimeOffset start, DateTimeOffset end, TimeSpan step, CancellationToken cancellationToken) =>
        Task.FromResult<IReadOnlyList<MetricSeries>>([new MetricSeries(Samples[0].Labels, [new MetricPoint(end, 420.0)])]);
}
