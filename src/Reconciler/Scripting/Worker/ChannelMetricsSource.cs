using GitOpsFleet.Scripting.Metrics;

namespace GitOpsFleet.Scripting.Worker;

/// <summary>
/// Metrics inside a worker: every query goes to the host, which owns the network, the metrics source and the query
/// budget. One query is in flight at a time (a worker runs one script, and scripts are synchronous).
/// </summary>
internal sealed class ChannelMetricsSource(MessageChannel channel) : IMetricsSource
{
    private (long Seq, TaskCompletionSource<QueryReplyMessage> Reply)? _pending;
    private long _seq;

    /// <summary>Refused here, before it is sent, so a script can catch it; the host checks again and stops a worker that sends more.</summary>
    public int MaxQueryLength { get; set; } = 4096;

    public async Task<IReadOnlyList<MetricSample>> QueryAsync(string query, DateTimeOffset at, CancellationToken cancellationToken)
    {
        var series = await AskAsync(new QueryMessage(0, query, null, at, null), cancellationToken).ConfigureAwait(false);
        return series.Select(s => new MetricSample(s.Labels, s.Points.Count > 0 ? s.Points[0].Value : double.NaN)).ToList();
    }

    public async Task<IReadOnlyList<MetricSeries>> QueryRangeAsync(string query, DateTimeOffset start, DateTimeOffset end, TimeSpan step, CancellationToken cancellationToken)
    {
        var series = await AskAsync(new QueryMessage(0, query, start, end, step.TotalSeconds), cancellationToken).ConfigureAwait(false);
        return series.Select(s => new MetricSeries(s.Labels, s.Points.Select(p => new MetricPoint(p.Time, p.Value)).ToList())).ToList();
    }

    /// <summary>A reply to a query the script already gave up on (its own timeout) has another number and is dropped.</summary>
    public void Deliver(QueryReplyMessage reply)
    {
        if (_pending is { } pending && pending.Seq == reply.Seq) pending.Reply.TrySetResult(reply);
    }

    private async Task<IReadOnlyList<WireSeries>> AskAsync(QueryMessage query, CancellationToken cancellationToken)
    {
        if (query.Query.Length > MaxQueryLength)
            throw new MetricsQueryException($"a metrics query of {query.Query.Length} characters is longer than the {MaxQueryLength} allowed");
        var pending = new TaskCompletionSource<QueryReplyMessage>(TaskCreationOptions.RunContinuationsAsynchronously);
        var seq = ++_seq;
        _pending = (seq, pending);
        await channel.WriteAsync(query with { Seq = seq }, cancellationToken).ConfigureAwait(false);
        var reply = await pending.Task.WaitAsync(cancellationToken).ConfigureAwait(false);
        if (reply.Error is { } error) throw new MetricsQueryException(error);
        return reply.Series ?? [];
    }
}
