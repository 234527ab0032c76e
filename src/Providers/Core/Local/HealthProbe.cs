using System.Net;
using System.Text.Json;

namespace GitOpsFleet.Providers.Local;

/// <summary>
/// Calls a node's /healthz on loopback. The answer carries the node's pid, so a port that was
/// reused by another node (or another program) is never taken for the node asked about.
/// </summary>
internal sealed class HealthProbe : IDisposable
{
    private readonly HttpClient _http;

    public HealthProbe(TimeSpan timeout)
    {
        _http = new HttpClient(new SocketsHttpHandler
        {
            UseProxy = false,
            ConnectTimeout = timeout,
            PooledConnectionLifetime = TimeSpan.FromMinutes(1),
            PooledConnectionIdleTimeout = TimeSpan.FromSeconds(20),
        })
        {
            Timeout = timeout,
        };
    }

    public async Task<HealthReading?> ReadAsync(int port, CancellationToken cancellationToken)
    {
        if (port is <= 0 or > 65535) return null;
        try
        {
            using var response = await _http.GetAsync(new Uri($"http://127.0.0.1:{port}/healthz"), cancellationToken);
            if (response.StatusCode is not (HttpStatusCode.OK or HttpStatusCode.ServiceUnavailable)) return null;
            await using var body = await response.Content.ReadAsStreamAsync(cancellationToken);
            using var doc = await JsonDocument.ParseAsync(body, cancellationToken: cancellationToken);
            var root = doc.RootElement;
            return new HealthReading(
                response.StatusCode == HttpStatusCode.OK,
                root.TryGetProperty("pid", out var pid) && pid.TryGetInt32(out var p) ? p : 0,
                root.TryGetProperty("fleet", out var f) ? f.GetString() ?? "" : "",
                root.TryGetProperty("node", out var n) ? n.GetString() ?? "" : "",
                root.TryGetProperty("status", out var s) ? s.GetString() ?? "" : "");
        }
        catch (Exception e) when (e is HttpRequestException or JsonException or InvalidOperationException
                                      || (e is TaskCanceledException && !cancellationToken.IsCancellationRequested))
        {
            // Refused, timed out or not a node: all mean "this port does not answer for the node".
            return null;
        }
    }

    public void Dispose() => _http.Dispose();
}
