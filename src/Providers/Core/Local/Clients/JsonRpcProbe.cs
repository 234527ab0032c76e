using System.Globalization;
using System.Text;
using System.Text.Json;

namespace GitOpsFleet.Providers.Local.Clients;

/// <summary>
/// Asks a client on loopback about itself in one JSON-RPC batch (one round trip per node and observation),
/// within the health timeout: a client that does not answer in time is a reading with the reason, never a wait.
/// </summary>
internal sealed class JsonRpcProbe : IDisposable
{
    private static readonly string[] Methods = ["web3_clientVersion", "eth_chainId", "eth_syncing", "eth_blockNumber", "net_peerCount"];

    private static readonly byte[] Batch = Encoding.UTF8.GetBytes(
        "[" + string.Join(",", Methods.Select((m, i) => $"{{\"jsonrpc\":\"2.0\",\"id\":{i},\"method\":\"{m}\",\"params\":[]}}")) + "]");

    private readonly HttpClient _http;
    private readonly TimeSpan _timeout;

    public JsonRpcProbe(TimeSpan timeout)
    {
        _timeout = timeout;
        _http = new HttpClient(new SocketsHttpHandler
        {
            UseProxy = false,
            ConnectTimeout = timeout,
            PooledConnectionIdleTimeout = TimeSpan.FromSeconds(20),
        })
        {
            Timeout = Timeout.InfiniteTimeSpan,
        };
    }

    public async Task<ClientReading> ReadAsync(int port, CancellationToken cancellationToken)
    {
        if (port is <= 0 or > 65535) return ClientReading.Failed("no JSON-RPC port");
        using var deadline = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        deadline.CancelAfter(_timeout);
        try
        {
            using var content = new ByteArrayContent(Batch);
            content.Headers.ContentType = new("application/json");
            using var response = await _http.PostAsync(new Uri($"http://127.0.0.1:{port}/"), content, deadline.Token);
            if (!response.IsSuccessStatusCode)
            {
                return ClientReading.Failed(string.Create(CultureInfo.InvariantCulture, $"JSON-RPC on port {port} answered HTTP {(int)response.StatusCode}"));
            }
            using var doc = await JsonDocument.ParseAsync(await response.Content.ReadAsStreamAsync(deadline.Token), cancellationToken: deadline.Token);
            return Parse(doc.RootElement);
        }
        catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
        {
            return ClientReading.Failed(string.Create(CultureInfo.InvariantCulture,
                $"JSON-RPC on port {port} did not answer within {_timeout.TotalSeconds:0.###} s"));
        }
        catch (HttpRequestException e)
        {
            return ClientReading.Failed($"JSON-RPC on port {port} does not answer: {e.Message}");
        }
        catch (JsonException)
        {
            return ClientReading.Failed($"JSON-RPC on port {port} answered something that is not JSON-RPC");
        }
    }

    private static ClientReading Parse(JsonElement root)
    {
        if (root.ValueKind != JsonValueKind.Array) return ClientReading.Failed("the client does not answer JSON-RPC batches");
        var results = new JsonElement?[Methods.Length];
        foreach (var item in root.EnumerateArray())
        {
            // Answers may come in any order; the id says which call each one is.
            if (item.TryGetProperty("id", out var id) && id.TryGetInt32(out var i) && i >= 0 && i < Methods.Length && item.TryGetProperty("result", out var result))
            {
                results[i] = result;
            }
        }
        return new ClientReading(
            results[0] is { ValueKind: JsonValueKind.String } v ? v.GetString() : null,
            Quantity(results[1]),
            // eth_syncing is false when in sync and an object {startingBlock, currentBlock, highestBlock} while syncing.
            results[2] is { } s ? s.ValueKind != JsonValueKind.False : null,
            Quantity(results[3]),
            Quantity(results[4]),
            results[0] is null && results[1] is null ? "the client answered no JSON-RPC call it was asked" : null);
    }

    private static long? Quantity(JsonElement? element) =>
        element is { ValueKind: JsonValueKind.String } e && e.GetString() is { } hex && hex.StartsWith("0x", StringComparison.Ordinal)
        && long.TryParse(hex.AsSpan(2), NumberStyles.AllowHexSpecifier, CultureInfo.InvariantCulture, out var value)
            ? value
            : null;

    public void Dispose() => _http.Dispose();
}
