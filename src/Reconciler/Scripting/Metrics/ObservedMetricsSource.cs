namespace GitOpsFleet.Scripting.Metrics;

/// <summary>
/// Answers queries over the <c>gitopsfleet_node_*</c> series from what the run already observed (a client's head,
/// chain, sync state), so a script reads them without another call to the nodes or to Prometheus; every other query
/// goes to the pool's own source. The observation is one instant, the run's: an instant query sees it at whatever time
/// it asks, a range query as one point at its end (so an average over a window is the observed value), and rate and
/// increase, which need two points, see nothing.
/// </summary>
public sealed class ObservedMetricsSource(IMetricsSource inner, IReadOnlyList<ObservedMetric> observed) : IMetricsSource
{
    /// <summary>The names this source answers start with this; a query that reads any other name is not for it.</summary>
    public const string Prefix = "gitopsfleet_node_";

    private readonly IReadOnlyList<ScrapedSample> _samples = observed.Select(m => new ScrapedSample(m.Name, m.Labels, m.Value)).ToList();

    public Task<IReadOnlyList<MetricSample>> QueryAsync(string query, DateTimeOffset at, CancellationToken cancellationToken) =>
        Observed(query) is { } parsed
            ? Task.FromResult<IReadOnlyList<MetricSample>>(parsed.Evaluate(at, History(at)))
            : inner.QueryAsync(query, at, cancellationToken);

    public Task<IReadOnlyList<MetricSeries>> QueryRangeAsync(string query, DateTimeOffset start, DateTimeOffset end, TimeSpan step, CancellationToken cancellationToken)
    {
        if (Observed(query) is not { } parsed) return inner.QueryRangeAsync(query, start, end, step, cancellationToken);
        NodeQuery.CheckRange(start, end, step);
        if (start > end) return Task.FromResult<IReadOnlyList<MetricSeries>>([]);
        return Task.FromResult<IReadOnlyList<MetricSeries>>(
            parsed.Evaluate(end, History(end)).Select(s => new MetricSeries(s.Labels, [new MetricPoint(end, s.Value)])).ToList());
    }

    private IReadOnlyList<NodeScrape> History(DateTimeOffset at) => [new NodeScrape("observation", at, _samples)];

    /// <summary>The parsed query when it reads only observed series; null sends it on (Prometheus may read what this parser cannot).</summary>
    private static NodeQuery? Observed(string query)
    {
        if (!query.Contains(Prefix, StringComparison.Ordinal)) return null;
        try
        {
            var parsed = NodeQuery.Parse(query);
            return parsed.ReadsOnly(Prefix) ? parsed : null;
        }
        catch (MetricsQueryException)
        {
            return null;
        }
    }
}
