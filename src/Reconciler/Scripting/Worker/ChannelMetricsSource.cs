using GitOpsFleet.Scripting.Metrics;

namespace GitOpsFleet.Scripting.Worker;

/// <summary>
/// Metrics inside a worker: every query goes to the host, which owns the network, the metrics source and the query
/// budget. One query is in flight at a time (a worker runs one script, and scripts are synchronous).
/// </summary>
internal sealed class ChannelMetricsSource(MessageChannel channel) : IMetricsSource
{
    private (long Seq, PendingReply Reply)? _pending;
    private long _seq;

    /// <summary>Refused here, before it is sent, so a script can catch it; the host checks again and stops a worker that sends more.</summary>
    public int MaxQueryLength { get; set; } = 4096;

    // Scripts are synchronous and run on their own thread: the query blocks that thread until the host answers, and
    // returns a completed task, so no thread-pool thread is ever needed to finish it.
    public Task<IReadOnlyList<MetricSample>> QueryAsync(string query, DateTimeOffset at, CancellationToken cancellationToken)
    {
        var series = Ask(new QueryMessage(0, query, null, at, null), cancellationToken);
        return Task.FromResult<IReadOnlyList<MetricSample>>(series.Select(s => new MetricSample(s.Labels, s.Points.Count > 0 ? s.Points[0].Value : double.NaN)).ToList());
    }

    public Task<IReadOnlyList<MetricSeries>> QueryRangeAsync(string query, DateTimeOffset start, DateTimeOffset end, TimeSpan step, CancellationToken cancellationToken)
    {
        var series = Ask(new QueryMessage(0, query, start, end, step.TotalSeconds), cancellationToken);
        return Task.FromResult<IReadOnlyList<MetricSeries>>(series.Select(s => new MetricSeries(s.Labels, s.Points.Select(p => new MetricPoint(p.Time, p.Value)).ToList())).ToList());
    }

    /// <summary>A reply to a query the script already gave up on (its own timeout) has another number and is dropped.</summary>
    public void Deliver(QueryReplyMessage reply)
    {
        if (_pending is { } pending && pending.Seq == reply.Seq) pending.Reply.Set(reply);
    }

    private IReadOnlyList<WireSeries> Ask(QueryMessage query, CancellationToken cancellationToken)
    {
        if (query.Query.Length > MaxQueryLength)
            throw new MetricsQueryException($"a metrics query of {query.Query.Length} characters is longer than the {MaxQueryLength} allowed");
        var pending = new PendingReply();
        var seq = ++_seq;
        _pending = (seq, pending);
        channel.Write(query with { Seq = seq });
        var reply = pending.Wait(cancellationToken);
        if (reply.Error is { } error) throw new MetricsQueryException(error);
        return reply.Series ?? [];
    }

    /// <summary>One reply the script thread waits for; the reader thread sets it.</summary>
    private sealed class PendingReply
    {
        private readonly ManualResetEventSlim _arrived = new();
        private QueryReplyMessage? _reply;

        public void Set(QueryReplyMessage reply)
        {
            _reply = reply;
            _arrived.Set();
        }

        public QueryReplyMessage Wait(CancellationToken cancellationToken)
        {
            _arrived.Wait(cancellationToken);
            return _reply!;
        }
    }
}
