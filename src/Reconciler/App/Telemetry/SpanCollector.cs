using System.Diagnostics;
using OpenTelemetry;

namespace GitOpsFleet.Reconciler.Telemetry;

/// <summary>
/// Keeps every span that ends in this process, for <c>--trace</c> to print after the run. A processor rather than an
/// exporter so spans are kept as they end, without the batching an exporter would add before the process exits.
/// </summary>
internal sealed class SpanCollector : BaseProcessor<Activity>
{
    private readonly List<Activity> _ended = [];
    private readonly Lock _gate = new();

    public override void OnEnd(Activity data)
    {
        lock (_gate) _ended.Add(data);
    }

    public IReadOnlyList<Activity> Ended
    {
        get
        {
            lock (_gate) return [.. _ended];
        }
    }
}
