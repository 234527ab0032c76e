using System.Globalization;
using System.Text;

namespace GitOpsFleet.Reconciler.Service.Metrics;

/// <summary>A counter or gauge family: one value per label set.</summary>
internal sealed class LabeledValues(string name, string help, string type, string[] labelNames)
{
    private readonly Dictionary<string, double> _values = new(StringComparer.Ordinal);
    private readonly object _lock = new();

    public void Add(double delta, params string[] labels)
    {
        var key = MetricsText.Labels(labelNames, labels);
        lock (_lock) _values[key] = _values.GetValueOrDefault(key) + delta;
    }

    public void Set(double value, params string[] labels)
    {
        var key = MetricsText.Labels(labelNames, labels);
        lock (_lock) _values[key] = value;
    }

    /// <summary>Replaces every series whose first label equals <paramref name="firstLabel"/> (a fleet's nodes after a run).</summary>
    public void ReplaceFor(string firstLabel, IEnumerable<(double Value, string[] Labels)> series)
    {
        var prefix = MetricsText.Labels([labelNames[0]], [firstLabel]);
        lock (_lock)
        {
            foreach (var key in _values.Keys.Where(k => k == prefix || k.StartsWith(prefix + ",", StringComparison.Ordinal)).ToList()) _values.Remove(key);
            foreach (var (value, labels) in series) _values[MetricsText.Labels(labelNames, labels)] = value;
        }
    }

    public double Get(params string[] labels)
    {
        var key = MetricsText.Labels(labelNames, labels);
        lock (_lock) return _values.GetValueOrDefault(key);
    }

    public void WriteTo(StringBuilder sb)
    {
        sb.Append("# HELP ").Append(name).Append(' ').Append(help).Append('\n');
        sb.Append("# TYPE ").Append(name).Append(' ').Append(type).Append('\n');
        lock (_lock)
        {
            foreach (var (labels, value) in _values.OrderBy(p => p.Key, StringComparer.Ordinal))
            {
                sb.Append(name);
                if (labels.Length > 0) sb.Append('{').Append(labels).Append('}');
                sb.Append(' ').Append(value.ToString("R", CultureInfo.InvariantCulture)).Append('\n');
            }
        }
    }
}
