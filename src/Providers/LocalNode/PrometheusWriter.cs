using System.Globalization;
using System.Text;

namespace GitOpsFleet.Providers.LocalNode;

/// <summary>Prometheus text exposition format 0.0.4: HELP and TYPE once per family, then samples.</summary>
internal sealed class PrometheusWriter
{
    public const string ContentType = "text/plain; version=0.0.4; charset=utf-8";

    private readonly StringBuilder _text = new(8192);

    public PrometheusWriter Family(string name, string type, string help)
    {
        _text.Append("# HELP ").Append(name).Append(' ').Append(help).Append('\n');
        _text.Append("# TYPE ").Append(name).Append(' ').Append(type).Append('\n');
        return this;
    }

    public PrometheusWriter Sample(string name, double value, params (string Key, string Value)[] labels)
    {
        _text.Append(name);
        if (labels.Length > 0)
        {
            _text.Append('{');
            for (var i = 0; i < labels.Length; i++)
            {
                if (i > 0) _text.Append(',');
                _text.Append(labels[i].Key).Append("=\"");
                foreach (var c in labels[i].Value)
                {
                    _ = c switch
                    {
                        '\\' => _text.Append("\\\\"),
                        '"' => _text.Append("\\\""),
                        '\n' => _text.Append("\\n"),
                        _ => _text.Append(c),
                    };
                }
                _text.Append('"');
            }
            _text.Append('}');
        }
        _text.Append(' ').Append(Format(value)).Append('\n');
        return this;
    }

    public PrometheusWriter Gauge(string name, string help, double value, params (string Key, string Value)[] labels) =>
        Family(name, "gauge", help).Sample(name, value, labels);

    public PrometheusWriter Counter(string name, string help, double value, params (string Key, string Value)[] labels) =>
        Family(name, "counter", help).Sample(name, value, labels);

    /// <summary>A summary of exponentially distributed values with the given mean (latencies under load look roughly so).</summary>
    public PrometheusWriter Summary(string name, string help, double mean, double count, double[] quantiles)
    {
        Family(name, "summary", help);
        var total = Math.Floor(count);
        foreach (var q in quantiles)
        {
            Sample(name, Math.Round(-mean * Math.Log(1 - q)), ("quantile", Format(q)));
        }
        Sample(name + "_sum", Math.Round(mean * total));
        return Sample(name + "_count", total);
    }

    /// <summary>A histogram of exponentially distributed values with the given mean.</summary>
    public PrometheusWriter Histogram(string name, string help, double mean, double count, double[] buckets, params (string Key, string Value)[] labels)
    {
        Family(name, "histogram", help);
        var total = Math.Floor(count);
        foreach (var bound in buckets)
        {
            var cumulative = mean <= 0 ? total : Math.Floor(total * (1 - Math.Exp(-bound / mean)));
            Sample(name + "_bucket", cumulative, [.. labels, ("le", Format(bound))]);
        }
        Sample(name + "_bucket", total, [.. labels, ("le", "+Inf")]);
        Sample(name + "_sum", mean * total, labels);
        return Sample(name + "_count", total, labels);
    }

    public override string ToString() => _text.ToString();

    private static string Format(double value) =>
        double.IsPositiveInfinity(value) ? "+Inf" :
        double.IsNegativeInfinity(value) ? "-Inf" :
        double.IsNaN(value) ? "NaN" :
        value == Math.Floor(value) && Math.Abs(value) < 1e15 ? ((long)value).ToString(CultureInfo.InvariantCulture) :
        value.ToString("R", CultureInfo.InvariantCulture);
}
