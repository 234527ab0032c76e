using System.Globalization;

namespace GitOpsFleet.Bench.Service;

/// <summary>Nearest-rank percentiles of exact samples (the scenarios keep every sample; /metrics only keeps buckets).</summary>
internal static class Percentiles
{
    public static double Of(IReadOnlyList<double> sorted, double p) =>
        sorted.Count == 0 ? double.NaN : sorted[Math.Clamp((int)Math.Ceiling(p / 100.0 * sorted.Count) - 1, 0, sorted.Count - 1)];

    public static string Describe(IEnumerable<double> samples, string unit, double scale)
    {
        var sorted = samples.Order().ToList();
        if (sorted.Count == 0) return "no samples";
        string F(double v) => (v * scale).ToString("0.0##", CultureInfo.InvariantCulture) + " " + unit;
        return $"n={sorted.Count} median={F(Of(sorted, 50))} p90={F(Of(sorted, 90))} p99={F(Of(sorted, 99))} max={F(sorted[^1])} min={F(sorted[0])}";
    }

    public static string LoadAverage()
    {
        try
        {
            return string.Join(' ', File.ReadAllText("/proc/loadavg").Split(' ').Take(3));
        }
        catch (IOException)
        {
            return "unknown";
        }
    }
}
