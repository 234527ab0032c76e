using System.Globalization;
using System.Text.Json;

namespace GitOpsFleet.Scripting.Metrics;

/// <summary>Answers queries through a Prometheus server's HTTP API (/api/v1/query and /api/v1/query_range).</summary>
public sealed class PrometheusMetricsSource : IMetricsSource
{
    private readonly HttpClient _http;
    private readonly Uri _baseAddress;

    /// <param name="http">Owned by the caller; its own timeout still applies on top of the script's query timeout.</param>
    /// <param name="baseAddress">The server root, e.g. http://prometheus:9090 (a path prefix is kept).</param>
    public PrometheusMetricsSource(HttpClient http, Uri baseAddress)
    {
        ArgumentNullException.ThrowIfNull(http);
        ArgumentNullException.ThrowIfNull(baseAddress);
        _http = http;
        var text = baseAddress.ToString();
        _baseAddress = new Uri(text.EndsWith('/') ? text : text + "/");
    }

    public async Task<IReadOnlyList<MetricSample>> QueryAsync(string query, DateTimeOffset at, CancellationToken cancellationToken)
    {
        var uri = new Uri(_baseAddress, $"api/v1/query?query={Uri.EscapeDataString(query)}&time={Unix(at)}");
        using var document = await GetAsync(uri, query, cancellationToken).ConfigureAwait(false);
        var data = document.RootElement.GetProperty("data");
        var type = data.GetProperty("resultType").GetString();
        var result = data.GetProperty("result");
        switch (type)
        {
            case "vector":
                var samples = new List<MetricSample>(result.GetArrayLength());
                foreach (var item in result.EnumerateArray())
                    samples.Add(new MetricSample(Labels(item), Point(item.GetProperty("value")).Value));
                return samples;
            case "scalar":
                return [new MetricSample(new Dictionary<string, string>(), Point(result).Value)];
            default:
                throw new MetricsQueryException($"query '{query}' returned a {type}, not an instant vector or scalar");
        }
    }

    public async Task<IReadOnlyList<MetricSeries>> QueryRangeAsync(string query, DateTimeOffset start, DateTimeOffset end, TimeSpan step, CancellationToken cancellationToken)
    {
        var stepSeconds = Math.Max(step.TotalSeconds, 0.001).ToString("0.###", CultureInfo.InvariantCulture);
        var uri = new Uri(_baseAddress,
            $"api/v1/query_range?query={Uri.EscapeDataString(query)}&start={Unix(start)}&end={Unix(end)}&step={stepSeconds}");
        using var document = await GetAsync(uri, query, cancellationToken).ConfigureAwait(false);
        var data = document.RootElement.GetProperty("data");
        if (data.GetProperty("resultType").GetString() != "matrix")
            throw new MetricsQueryException($"range query '{query}' did not return a matrix");
        var series = new List<MetricSeries>();
        foreach (var item in data.GetProperty("result").EnumerateArray())
        {
            var points = new List<MetricPoint>();
            foreach (var value in item.GetProperty("values").EnumerateArray())
                points.Add(Point(value));
            series.Add(new MetricSeries(Labels(item), points));
        }
        return series;
    }

    private async Task<JsonDocument> GetAsync(Uri uri, string query, CancellationToken cancellationToken)
    {
        HttpResponseMessage response;
        try
        {
            response = await _http.GetAsync(uri, HttpCompletionOption.ResponseContentRead, cancellationToken).ConfigureAwait(false);
        }
        catch (HttpRequestException ex)
        {
            throw new MetricsQueryException($"Prometheus at {_baseAddress} unreachable: {ex.Message}", ex);
        }
        using (response)
        {
            JsonDocument document;
            try
            {
                var body = await response.Content.ReadAsStreamAsync(cancellationToken).ConfigureAwait(false);
                document = await JsonDocument.ParseAsync(body, default, cancellationToken).ConfigureAwait(false);
            }
            catch (JsonException)
            {
                throw new MetricsQueryException($"Prometheus answered {(int)response.StatusCode} without a JSON body for '{query}'");
            }
            var root = document.RootElement;
            if (root.ValueKind != JsonValueKind.Object || !root.TryGetProperty("status", out var status) || status.GetString() != "success")
            {
                var error = root.ValueKind == JsonValueKind.Object && root.TryGetProperty("error", out var e) ? e.GetString() : null;
                document.Dispose();
                throw new MetricsQueryException($"Prometheus refused '{query}' ({(int)response.StatusCode}): {error ?? "no error message"}");
            }
            return document;
        }
    }

    private static Dictionary<string, string> Labels(JsonElement item)
    {
        var labels = new Dictionary<string, string>(StringComparer.Ordinal);
        if (item.TryGetProperty("metric", out var metric))
            foreach (var label in metric.EnumerateObject())
                labels[label.Name] = label.Value.GetString() ?? "";
        return labels;
    }

    private static MetricPoint Point(JsonElement pair)
    {
        var time = DateTimeOffset.FromUnixTimeMilliseconds((long)Math.Round(pair[0].GetDouble() * 1000));
        var text = pair[1].GetString() ?? "NaN";
        var value = text switch
        {
            "+Inf" => double.PositiveInfinity,
            "-Inf" => double.NegativeInfinity,
            _ => double.Parse(text, NumberStyles.Float, CultureInfo.InvariantCulture),
        };
        return new MetricPoint(time, value);
    }

    private static string Unix(DateTimeOffset time) =>
        (time.ToUnixTimeMilliseconds() / 1000.0).ToString("0.###", CultureInfo.InvariantCulture);
}
