using System.Diagnostics.Metrics;

namespace GitOpsFleet.Reconciler.Service.Metrics;

/// <summary>A histogram with fixed label names and fixed bucket upper bounds (given to the SDK as advice).</summary>
/// <remarks>
/// The unit is seconds and every name ends in <c>_seconds</c>, so the Prometheus exporter adds no suffix. The bucket
/// counts are also kept here, summed over label sets, only so benchmarks can print a quantile without scraping.
/// </remarks>
internal sealed class HistogramFamily
{
    private readonly Histogram<double> _histogram;
    private readonly string[] _labelNames;
    private readonly double[] _bounds;
    private readonly long[] _buckets;
    private long _count;

    public HistogramFamily(Meter meter, string name, string help, string[] labelNames, double[] bounds)
    {
        _labelNames = labelNames;
        _bounds = bounds;
        _buckets = new long[bounds.Length];
        _histogram = meter.CreateHistogram(name, "s", help, tags: null, advice: new InstrumentAdvice<double> { HistogramBucketBoundaries = bounds });
    }

    public void Observe(double value, params string[] labels)
    {
        _histogram.Record(value, LabelSet.Tags(_labelNames, labels));
        for (var i = 0; i < _bounds.Length; i++)
        {
            if (value <= _bounds[i]) Interlocked.Increment(ref _buckets[i]);
        }
        Interlocked.Increment(ref _count);
    }

    /// <summary>The value below which the given fraction of observations fall, estimated from the buckets (as histogram_quantile does).</summary>
    public double Quantile(double q)
    {
        var total = Interlocked.Read(ref _count);
        if (total == 0) return 0;
        var rank = q * total;
        double previousBound = 0, previousCount = 0;
        for (var i = 0; i < _bounds.Length; i++)
        {
            var count = Interlocked.Read(ref _buckets[i]);
            if (count >= rank)
            {
                var inBucket = count - previousCount;
                return inBucket == 0 ? _bounds[i] : previousBound + (_bounds[i] - previousBound) * ((rank - previousCount) / inBucket);
            }
            previousBound = _bounds[i];
            previousCount = count;
        }
        return double.PositiveInfinity;
    }
}
