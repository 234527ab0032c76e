using System.Globalization;
using System.Text;

namespace GitOpsFleet.Reconciler.Service.Metrics;

/// <summary>The Prometheus text exposition format (version 0.0.4): label escaping and numbers.</summary>
internal static class MetricsText
{
    public const string ContentType = "text/plain; version=0.0.4; charset=utf-8";

    public static string Labels(string[] names, string[] values)
    {
        if (names.Length != values.Length) throw new ArgumentException($"expected {names.Length} label values, got {values.Length}");
        var sb = new StringBuilder();
        for (var i = 0; i < names.Length; i++)
        {
            if (i > 0) sb.Append(',');
            sb.Append(names[i]).Append("=\"").Append(Escape(values[i])).Append('"');
        }
        return sb.ToString();
    }

    public static string Number(double d) => d.ToString("R", CultureInfo.InvariantCulture);

    private static string Escape(string s) => s.Replace("\\", "\\\\", StringComparison.Ordinal).Replace("\"", "\\\"", StringComparison.Ordinal).Replace("\n", "\\n", StringComparison.Ordinal);
}
