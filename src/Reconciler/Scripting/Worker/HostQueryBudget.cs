using System.Diagnostics;
using GitOpsFleet.Scripting.Metrics;

namespace GitOpsFleet.Scripting.Worker;

/// <summary>
/// Answers one evaluation's metrics queries on the host, under that evaluation's budget: how many, how long each and
/// all together, how long the text. The host never waits past it, whatever the metrics source does.
/// </summary>
internal sealed class HostQueryBudget(IMetricsSource source, ScalingScriptOptions options)
{
    /// <summary>Series and points a reply may carry: a script aggregates, it does not page through a database.</summary>
    private const int MaxSeries = 1000;
    private const int MaxPoints = 100_000;

    private int _count;
    private TimeSpan _used;

    public async Task<QueryReplyMessage> ServeAsync(QueryMessage query, CancellationToken cancellationToken)
    {
        if (++_count > options.MaxQueries)
            return Error(query, $"at most {options.MaxQueries} metrics queries per evaluation");
        if (query.Query.Length > options.MaxQueryLength)
            return Error(query, $"a metrics query of {query.Query.Length} characters is longer than the {options.MaxQueryLength} allowed");
        var left = options.QueryTimeBudget - _used;
        if (left <= TimeSpan.Zero)
            return Error(query, $"the evaluation's metrics queries used their {options.QueryTimeBudget.TotalSeconds:0.###} s");
        var timeout = left < options.QueryTimeout ? left : options.QueryTimeout;
        var started = Stopwatch.GetTimestamp();
        var timedOut = false;
        using var limit = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        limit.CancelAfter(timeout);
        try
        {
            // WaitAsync bounds the wait even for a source that ignores its token.
            IReadOnlyList<WireSeries> series;
            if (query.Start is { } start && query.StepSeconds is { } step)
            {
                var range = await source.QueryRangeAsync(query.Query, start, query.End, TimeSpan.FromSeconds(Math.Max(1, step)), limit.Token)
                    .WaitAsync(timeout, cancellationToken).ConfigureAwait(false);
                series = range.Select(s => new WireSeries(s.Labels, s.Points.Select(p => new WirePoint(p.Time, p.Value)).ToList())).ToList();
            }
            else
            {
                var samples = await source.QueryAsync(query.Query, query.End, limit.Token).WaitAsync(timeout, cancellationToken).ConfigureAwait(false);
                series = samples.Select(s => new WireSeries(s.Labels, [new WirePoint(query.End, s.Value)])).ToList();
            }
            if (series.Count > MaxSeries || series.Sum(s => s.Points.Count) > MaxPoints)
                return Error(query, $"query '{Short(query.Query)}' returned more than {MaxSeries} series or {MaxPoints} points; aggregate it");
            return new QueryReplyMessage(query.Seq, series, null);
        }
        catch (MetricsQueryException ex)
        {
            return Error(query, ex.Message);
        }
        catch (Exception ex) when (ex is TimeoutException or OperationCanceledException && !cancellationToken.IsCancellationRequested)
        {
            timedOut = true;
            return Error(query, $"metrics query '{Short(query.Query)}' timed out after {timeout.TotalSeconds:0.###} s");
        }
        catch (Exception ex) when (ex is not OperationCanceledException)
        {
            return Error(query, $"metrics query '{Short(query.Query)}' failed: {ex.Message}");
        }
        finally
        {
            // A timed-out query is charged its whole timeout: timers may fire a little early, and a budget charged
            // only the measured 299.6 ms of a 300 ms wait would leave slivers that let further queries through.
            var elapsed = Stopwatch.GetElapsedTime(started);
            _used += timedOut && elapsed < timeout ? timeout : elapsed;
        }
    }

    private static string Short(string query) => query.Length <= 200 ? query : query[..200] + "…";

    private static QueryReplyMessage Error(QueryMessage query, string message) => new(query.Seq, null, message);
}
