using GitOpsFleet.Scripting.Metrics;
using GitOpsFleet.Scripting.Sandbox;

namespace GitOpsFleet.Scripting.Globals;

/// <summary>
/// Metrics for scripts: synchronous, because scripts may not use tasks. Each call waits on the pool's
/// <see cref="IMetricsSource"/> for at most the query timeout; the wait counts against neither the CPU nor the memory
/// budget. Any failure (bad query, source down, timeout, too many queries) is a <see cref="MetricsQueryException"/> the script may catch.
/// </summary>
public sealed class ScriptMetrics
{
    private readonly IMetricsSource _source;
    private readonly DateTimeOffset _now;
    private readonly TimeSpan _timeout;
    private readonly int _maxQueries;
    private readonly CancellationToken _cancellationToken;
    private readonly List<MetricsQueryRecord> _records = [];

    internal ScriptMetrics(IMetricsSource source, DateTimeOffset now, TimeSpan timeout, int maxQueries, CancellationToken cancellationToken)
    {
        _source = source;
        _now = now;
        _timeout = timeout;
        _maxQueries = maxQueries;
        _cancellationToken = cancellationToken;
    }

    internal IReadOnlyList<MetricsQueryRecord> Records => _records.ToList();

    /// <summary>The single value of an instant query; null when it matches no series. More than one series is an error: aggregate with sum/avg/max/min.</summary>
    public double? Query(string query)
    {
        var samples = Run(query, null, ct => _source.QueryAsync(query, _now, ct));
        var value = Single(query, samples.Select(s => s.Value).ToList(), samples.Count);
        _records[^1] = _records[^1] with { Result = value };
        return value;
    }

    /// <summary>Every series of an instant query, with labels (each node's has an <c>instance</c> label).</summary>
    public IReadOnlyList<MetricSample> QueryAll(string query)
    {
        var samples = Run(query, null, ct => _source.QueryAsync(query, _now, ct));
        _records[^1] = _records[^1] with { Result = samples.Count };
        return samples;
    }

    /// <summary>The average over the last <paramref name="window"/> of a query that yields one series; null when it has no points.</summary>
    public double? Average(string query, TimeSpan window)
    {
        if (window <= TimeSpan.Zero || window > TimeSpan.FromDays(7))
            throw new MetricsQueryException("the window of an average must be positive and at most 7 days");
        var step = TimeSpan.FromSeconds(Math.Max(1, Math.Ceiling(window.TotalSeconds / 60)));
        var series = Run(query, window, ct => _source.QueryRangeAsync(query, _now - window, _now, step, ct));
        var points = series.SelectMany(s => s.Points).Select(p => p.Value).ToList();
        double? value = series.Count switch
        {
            0 => null,
            1 => points.Count == 0 ? null : points.Average(),
            _ => throw Failed(query, window, $"query '{query}' returned {series.Count} series; aggregate it (sum, avg, max, min)"),
        };
        _records[^1] = _records[^1] with { Result = value };
        return value;
    }

    private double? Single(string query, List<double> values, int count) => count switch
    {
        0 => null,
        1 => values[0],
        _ => throw Failed(query, null, $"query '{query}' returned {count} series; aggregate it (sum, avg, max, min) or use QueryAll"),
    };

    private MetricsQueryException Failed(string query, TimeSpan? window, string message)
    {
        if (_records.Count > 0 && _records[^1].Query == query) _records[^1] = _records[^1] with { Error = message };
        return new MetricsQueryException(message);
    }

    private T Run<T>(string query, TimeSpan? window, Func<CancellationToken, Task<T>> start)
    {
        if (_records.Count >= _maxQueries)
            throw new MetricsQueryException($"at most {_maxQueries} metrics queries per evaluation");
        _records.Add(new MetricsQueryRecord(query ?? "", window, null, null));
        if (string.IsNullOrWhiteSpace(query)) throw Failed("", window, "empty metrics query");
        var meter = ScriptBudget.Current;
        var paused = meter?.Pause();
        try
        {
            using var timeout = CancellationTokenSource.CreateLinkedTokenSource(_cancellationToken);
            timeout.CancelAfter(_timeout);
            try
            {
                // WaitAsync bounds the wait even for a source that ignores its token.
                return start(timeout.Token).WaitAsync(_timeout, _cancellationToken).GetAwaiter().GetResult();
            }
            catch (MetricsQueryException ex)
            {
                throw Failed(query, window, ex.Message);
            }
            catch (Exception ex) when (ex is TimeoutException or OperationCanceledException && !_cancellationToken.IsCancellationRequested)
            {
                throw Failed(query, window, $"metrics query '{query}' timed out after {_timeout.TotalSeconds:0.###} s");
            }
            catch (Exception ex) when (ex is not OperationCanceledException)
            {
                throw Failed(query, window, $"metrics query '{query}' failed: {ex.Message}");
            }
        }
        finally
        {
            if (paused is { } p) meter!.Resume(p);
        }
    }
}
