using System.Diagnostics.Metrics;
using System.Runtime.InteropServices;

namespace GitOpsFleet.Reconciler.Service.Metrics;

/// <summary>A gauge with fixed label names: the values are kept here and observed at each collection.</summary>
internal sealed class GaugeFamily
{
    private readonly Dictionary<string[], double> _values = new(LabelValuesComparer.Instance);
    // The keys by first label, so replacing a fleet's series after its run reads that fleet's keys only, not every
    // fleet's (issue 32: with 1,000 fleets the scan of all series was a visible part of each unchanged run's CPU).
    private readonly Dictionary<string, List<string[]>> _keysByFirst = new(StringComparer.Ordinal);
    private readonly string[] _labelNames;
    private readonly object _lock = new();

    public GaugeFamily(Meter meter, string name, string unit, string help, string[] labelNames)
    {
        _labelNames = labelNames;
        meter.CreateObservableGauge(name, Observe, string.IsNullOrEmpty(unit) ? null : unit, help);
    }

    public void Add(double delta, params string[] labels)
    {
        Check(labels);
        lock (_lock) Entry(labels) += delta;
    }

    public void Set(double value, params string[] labels)
    {
        Check(labels);
        lock (_lock) Entry(labels) = value;
    }

    /// <summary>Replaces every series whose first label equals <paramref name="firstLabel"/> (a fleet's nodes after a run).</summary>
    public void ReplaceFor(string firstLabel, IEnumerable<(double Value, string[] Labels)> series)
    {
        var replacement = series.ToList();
        foreach (var (_, labels) in replacement) Check(labels);
        lock (_lock)
        {
            if (_keysByFirst.Remove(firstLabel, out var keys))
            {
                foreach (var key in keys) _values.Remove(key);
            }
            foreach (var (value, labels) in replacement) Entry(labels) = value;
        }
    }

    public double Get(params string[] labels)
    {
        lock (_lock) return _values.GetValueOrDefault(labels);
    }

    /// <summary>The value of series <paramref name="labels"/>, added at 0 when new. Call under the lock.</summary>
    private ref double Entry(string[] labels)
    {
        ref var value = ref CollectionsMarshal.GetValueRefOrAddDefault(_values, labels, out var exists);
        if (!exists && labels.Length > 0)
        {
            ref var keys = ref CollectionsMarshal.GetValueRefOrAddDefault(_keysByFirst, labels[0], out _);
            (keys ??= []).Add(labels);
        }
        return ref value;
    }

    private IEnumerable<Measurement<double>> Observe()
    {
        lock (_lock) return _values.Select(p => new Measurement<double>(p.Value, LabelSet.Tags(_labelNames, p.Key))).ToList();
    }

    private void Check(string[] labels)
    {
        if (labels.Length != _labelNames.Length) throw new ArgumentException($"expected {_labelNames.Length} label values, got {labels.Length}");
    }

    private sealed class LabelValuesComparer : IEqualityComparer<string[]>
    {
        public static readonly LabelValuesComparer Instance = new();

        public bool Equals(string[]? x, string[]? y) => x is not null && y is not null && x.AsSpan().SequenceEqual(y);

        public int GetHashCode(string[] obj)
        {
            var hash = new HashCode();
            foreach (var s in obj) hash.Add(s, StringComparer.Ordinal);
            return hash.ToHashCode();
        }
    }
}
