using System.Diagnostics;
using System.Diagnostics.Metrics;

namespace GitOpsFleet.Reconciler.Service.Metrics;

/// <summary>A counter with fixed label names, the values given in that order.</summary>
/// <remarks>The name already ends in <c>_total</c> and has no unit, so the Prometheus exporter adds no suffix to it.</remarks>
internal sealed class CounterFamily(Meter meter, string name, string help, string[] labelNames)
{
    private readonly Counter<long> _counter = meter.CreateCounter<long>(name, unit: null, description: help);

    public void Add(long delta, params string[] labels) => _counter.Add(delta, LabelSet.Tags(labelNames, labels));
}
