using System.Globalization;
using System.Text.Json;

namespace GitOpsFleet.Providers.Local;

/// <summary>
/// The knob tests and the demo turn to drive a node's metrics: request rate, error ratio, latency,
/// health and peers. Unset members keep the simulation's own values.
/// </summary>
public sealed record SimulatedLoad(
    double? Rps = null,
    double? ErrorRate = null,
    double? LatencyMs = null,
    bool? Healthy = null,
    int? Peers = null)
{
    /// <summary>Later values win member by member.</summary>
    public SimulatedLoad Overlay(SimulatedLoad? other) => other is null ? this : new SimulatedLoad(
        other.Rps ?? Rps,
        other.ErrorRate ?? ErrorRate,
        other.LatencyMs ?? LatencyMs,
        other.Healthy ?? Healthy,
        other.Peers ?? Peers);

    /// <summary>Reads <c>{"rps":..,"errorRate":..,"latencyMs":..,"healthy":..,"peers":..}</c> or a bare number (the request rate).</summary>
    public static SimulatedLoad? Parse(string text)
    {
        text = text.Trim();
        if (text.Length == 0) return null;
        if (double.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out var rps)) return new SimulatedLoad(Rps: Math.Max(0, rps));
        try
        {
            using var doc = JsonDocument.Parse(text);
            if (doc.RootElement.ValueKind != JsonValueKind.Object) return null;
            var root = doc.RootElement;
            return new SimulatedLoad(
                Number(root, "rps") is { } r ? Math.Max(0, r) : null,
                Number(root, "errorRate") is { } e ? Math.Clamp(e, 0, 1) : null,
                Number(root, "latencyMs") is { } l ? Math.Max(0, l) : null,
                Bool(root, "healthy"),
                Number(root, "peers") is { } p ? (int)Math.Max(0, p) : null);
        }
        catch (JsonException)
        {
            return null;
        }
    }

    public string ToJson()
    {
        using var stream = new MemoryStream();
        using (var writer = new Utf8JsonWriter(stream))
        {
            writer.WriteStartObject();
            if (Rps is { } r) writer.WriteNumber("rps", r);
            if (ErrorRate is { } e) writer.WriteNumber("errorRate", e);
            if (LatencyMs is { } l) writer.WriteNumber("latencyMs", l);
            if (Healthy is { } h) writer.WriteBoolean("healthy", h);
            if (Peers is { } p) writer.WriteNumber("peers", p);
            writer.WriteEndObject();
        }
        return System.Text.Encoding.UTF8.GetString(stream.ToArray());
    }

    private static double? Number(JsonElement root, string name) =>
        root.TryGetProperty(name, out var v) && v.ValueKind == JsonValueKind.Number ? v.GetDouble() : null;

    private static bool? Bool(JsonElement root, string name) =>
        root.TryGetProperty(name, out var v) && v.ValueKind is JsonValueKind.True or JsonValueKind.False ? v.GetBoolean() : null;
}
