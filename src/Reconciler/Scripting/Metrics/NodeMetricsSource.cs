namespace GitOpsFleet.Scripting.Metrics;

/// <summary>
/// Answers queries from the nodes' own /metrics pages when a fleet names no Prometheus server.
/// Each query scrapes every node at most once per <c>minScrapeInterval</c> and keeps the scrapes for
/// <c>retention</c>, so <c>rate()</c> and range averages see the samples of earlier evaluations (a source
/// should therefore live as long as its pool; <see cref="SetNodes"/> follows scaling). Every node gets an
/// <c>up</c> sample (1 answered, 0 not) and an <c>instance</c> label, as Prometheus adds. The query language
/// is the subset documented on NodeQuery: selectors, rate/increase and sum/avg/min/max/count.
/// </summary>
public sealed class NodeMetricsSource : IMetricsSource
{
    private readonly HttpClient _http;
    private readonly TimeProvider _time;
    private readonly TimeSpan _minScrapeInterval;
    private readonly TimeSpan _retention;
    private readonly SemaphoreSlim _scrapeLock = new(1, 1);
    private readonly object _gate = new();
    private IReadOnlyList<Uri> _nodes;
    private List<NodeScrape> _history = [];
    private DateTimeOffset? _lastScrape;

    public NodeMetricsSource(HttpClient http, IReadOnlyList<Uri> nodes, TimeProvider time, TimeSpan? minScrapeInterval = null, TimeSpan? retention = null)
    {
        ArgumentNullException.ThrowIfNull(http);
        ArgumentNullException.ThrowIfNull(nodes);
        ArgumentNullException.ThrowIfNull(time);
        _http = http;
        _nodes = nodes;
        _time = time;
        _minScrapeInterval = minScrapeInterval ?? TimeSpan.FromSeconds(5);
        _retention = retention ?? TimeSpan.FromHours(1);
    }

    /// <summary>Replaces the scraped nodes (after the pool scaled); history of nodes still present is kept.</summary>
    public void SetNodes(IReadOnlyList<Uri> nodes)
    {
        ArgumentNullException.ThrowIfNull(nodes);
        lock (_gate) _nodes = nodes;
    }

    public async Task<IReadOnlyList<MetricSample>> QueryAsync(string query, DateTimeOffset at, CancellationToken cancellationToken)
    {
        var parsed = NodeQuery.Parse(query);
        var history = await FreshHistoryAsync(cancellationToken).ConfigureAwait(false);
        return parsed.Evaluate(at, history);
    }

    public async Task<IReadOnlyList<MetricSeries>> QueryRangeAsync(string query, DateTimeOffset start, DateTimeOffset end, TimeSpan step, CancellationToken cancellationToken)
    {
        var parsed = NodeQuery.Parse(query);
        NodeQuery.CheckRange(start, end, step);
        var history = await FreshHistoryAsync(cancellationToken).ConfigureAwait(false);
        return parsed.EvaluateRange(start, end, step, history);
    }

    private async Task<IReadOnlyList<NodeScrape>> FreshHistoryAsync(CancellationToken cancellationToken)
    {
        lock (_gate)
            if (_lastScrape is { } last && _time.GetUtcNow() - last < _minScrapeInterval) return _history;
        await _scrapeLock.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            IReadOnlyList<Uri> nodes;
            lock (_gate)
            {
                // Another query may have scraped while this one waited.
                if (_lastScrape is { } last && _time.GetUtcNow() - last < _minScrapeInterval) return _history;
                nodes = _nodes;
            }
            var now = _time.GetUtcNow();
            var scrapes = await Task.WhenAll(nodes.Select(n => ScrapeAsync(n, now, cancellationToken))).ConfigureAwait(false);
            lock (_gate)
            {
                // Copy on write: a query still evaluating over the old list is not disturbed.
                var history = _history.Where(s => s.Time > now - _retention).ToList();
                history.AddRange(scrapes);
                _history = history;
                _lastScrape = now;
                return _history;
            }
        }
        finally
        {
            _scrapeLock.Release();
        }
    }

    private async Task<NodeScrape> ScrapeAsync(Uri node, DateTimeOffset now, CancellationToken cancellationToken)
    {
        var instance = node.IsDefaultPort ? node.Host : $"{node.Host}:{node.Port}";
        List<ScrapedSample> samples;
        double up;
        try
        {
            var text = await _http.GetStringAsync(node, cancellationToken).ConfigureAwait(false);
            samples = PrometheusTextParser.Parse(text, instance);
            up = 1;
        }
        catch (Exception ex) when (ex is HttpRequestException or TaskCanceledException && !cancellationToken.IsCancellationRequested)
        {
            // A node that does not answer is data (up == 0), as it is for Prometheus, not a failed query.
            samples = [];
            up = 0;
        }
        samples.Add(new ScrapedSample("up", new Dictionary<string, string>(StringComparer.Ordinal) { ["instance"] = instance }, up));
        return new NodeScrape(instance, now, samples);
    }
}
