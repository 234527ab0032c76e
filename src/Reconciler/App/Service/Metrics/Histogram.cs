using System.Globalization;
using System.Text;

namespace GitOpsFleet.Reconciler.Service.Metrics;

/// <summary>A Prometheus histogram family: fixed upper bounds, one series per label set.</summary>
internal sealed class Histogram(string name, string help, string[] labelNames, double[] bounds)
{
    private readonly Dictionary<string, Series> _series = new(StringComparer.Ordinal);
    private readonly object _lock = new();

    public void Observe(double value, params string[] labels)
    {
        var key = MetricsText.Labels(labelNames, labels);
        lock (_lock)
        {
            if (!_series.TryGetValue(key, out var s)) _series[key] = s = new Series(bounds.Length);
            for (var i = 0; i < bounds.Length; i++)
            {
                if (value <= bounds[i]) s.Buckets[i]++;
            }
            s.Count++;
            s.Sum += value;
        }
    }

    /// <summary>The value below which the given fraction of observations fall, estimated from the buckets (as histogram_quantile does).</summary>
    public double Quantile(double q)
    {
        lock (_lock)
        {
            var total = _series.Values.Sum(s => s.Count);
            if (total == 0) return 0;
            var rank = q * total;
            double previousBound = 0, previousCount = 0;
            for (var i = 0; i < bounds.Length; i++)
            {
                var count = _series.Values.Sum(s => s.Buckets[i]);
                if (count >= rank)
                {
                    var inBucket = count - previousCount;
                    return inBucket == 0 ? bounds[i] : previousBound + (bounds[i] - previousBound) * ((rank - previousCount) / inBucket);
                }
                previousBound = bounds[i];
                previousCount = count;
            }
            return double.PositiveInfinity;
        }
    }

    public void WriteTo(StringBuilder sb)
    {
        sb.Append("# HELP ").Append(name).Append(' ').Append(help).Append('\n');
        sb.Append("# TYPE ").Append(name).Append(" histogram\n");
        lock (_lock)
        {
            foreach (var (labels, s) in _series.OrderBy(p => p.Key, StringComparer.Ordinal))
            {
                var prefix = labels.Length == 0 ? "" : labels + ",";
                for (var i = 0; i < bounds.Length; i++)
                {
                    sb.Append(name).Append("_bucket{").Append(prefix).Append("le=\"").Append(MetricsText.Number(bounds[i])).Append("\"} ").Append(s.Buckets[i]).Append('\n');
                }
                sb.Append(name).Append("_bucket{").Append(prefix).Append("le=\"+Inf\"} ").Append(s.Count).Append('\n');
                var braces = labels.Length == 0 ? "" : "{" + labels + "}";
                sb.Append(name).Append("_sum").Append(braces).Append(' ').Append(s.Sum.ToString("R", CultureInfo.InvariantCulture)).Append('\n');
                sb.Append(name).Append("_count").Append(braces).Append(' ').Append(s.Count).Append('\n');
            }
        }
    }

    private sealed class Series(int buckets)
    {
        public long[] Buckets { get; } = new long[buckets];
        public long Count { get; set; }
        public double Sum { get; set; }
    }
}
