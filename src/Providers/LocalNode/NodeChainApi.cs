using System.Globalization;
using System.Text.Json;
using Microsoft.AspNetCore.Http;

namespace GitOpsFleet.Providers.LocalNode;

/// <summary>
/// The chain calls that health checks and gateways make, answered from the simulation: JSON-RPC
/// <c>eth_blockNumber</c>, <c>eth_syncing</c>, <c>net_peerCount</c>, <c>eth_chainId</c>,
/// <c>web3_clientVersion</c>, and the beacon node's sync and health endpoints (200 ready, 206 syncing, 503 not ready).
/// </summary>
internal static class NodeChainApi
{
    public static bool HasBeaconApi(NodeSimulation simulation) =>
        simulation.Profile.Kind == ClientKind.Consensus || simulation.Consensus?.Kind == ClientKind.Consensus;

    public static async Task JsonRpcAsync(HttpContext context, NodeSimulation simulation)
    {
        var snapshot = simulation.Advance();
        JsonElement root;
        try
        {
            using var doc = await JsonDocument.ParseAsync(context.Request.Body, cancellationToken: context.RequestAborted);
            root = doc.RootElement.Clone();
        }
        catch (JsonException)
        {
            simulation.CountServed(success: false);
            await WriteAsync(context, w => Error(w, default, -32700, "parse error"));
            return;
        }
        await WriteAsync(context, w =>
        {
            if (root.ValueKind == JsonValueKind.Array)
            {
                w.WriteStartArray();
                foreach (var call in root.EnumerateArray()) Answer(w, call, simulation, snapshot);
                w.WriteEndArray();
            }
            else
            {
                Answer(w, root, simulation, snapshot);
            }
        });
    }

    public static async Task BeaconSyncingAsync(HttpContext context, NodeSimulation simulation)
    {
        var s = simulation.Advance();
        simulation.CountServed(success: true);
        await WriteAsync(context, w =>
        {
            w.WriteStartObject();
            w.WriteStartObject("data");
            // The beacon API writes numbers as decimal strings.
            w.WriteString("head_slot", s.HeadSlot.ToString(CultureInfo.InvariantCulture));
            w.WriteString("sync_distance", s.SyncDistanceSlots.ToString(CultureInfo.InvariantCulture));
            w.WriteBoolean("is_syncing", s.SyncDistanceSlots > 0);
            w.WriteBoolean("is_optimistic", false);
            w.WriteBoolean("el_offline", false);
            w.WriteEndObject();
            w.WriteEndObject();
        });
    }

    public static void BeaconHealth(HttpContext context, NodeSimulation simulation)
    {
        var s = simulation.Advance();
        simulation.CountServed(success: true);
        context.Response.StatusCode = !s.Healthy ? StatusCodes.Status503ServiceUnavailable
            : s.SyncDistanceSlots > 0 ? StatusCodes.Status206PartialContent
            : StatusCodes.Status200OK;
    }

    private static void Answer(Utf8JsonWriter w, JsonElement call, NodeSimulation simulation, NodeSnapshot s)
    {
        var id = call.ValueKind == JsonValueKind.Object && call.TryGetProperty("id", out var i) ? i : default;
        var method = call.ValueKind == JsonValueKind.Object && call.TryGetProperty("method", out var m) && m.ValueKind == JsonValueKind.String ? m.GetString() : null;
        if (!s.Healthy)
        {
            simulation.CountServed(success: false);
            Error(w, id, -32000, "node is unhealthy");
            return;
        }
        switch (method)
        {
            case "eth_blockNumber":
                Result(w, id, r => r.WriteStringValue(Hex(s.CurrentBlock)));
                break;
            case "eth_chainId":
                Result(w, id, r => r.WriteStringValue("0x1"));
                break;
            case "net_version":
                Result(w, id, r => r.WriteStringValue("1"));
                break;
            case "net_peerCount":
                Result(w, id, r => r.WriteStringValue(Hex(s.Peers)));
                break;
            case "eth_syncing":
                Result(w, id, r =>
                {
                    if (!s.Syncing) { r.WriteBooleanValue(false); return; }
                    r.WriteStartObject();
                    r.WriteString("startingBlock", Hex(s.HighestBlock - 256));
                    r.WriteString("currentBlock", Hex(s.CurrentBlock));
                    r.WriteString("highestBlock", Hex(s.HighestBlock));
                    r.WriteEndObject();
                });
                break;
            case "web3_clientVersion":
                var sw = simulation.Arguments.Software;
                Result(w, id, r => r.WriteStringValue($"{Capitalized(sw.Name)}/v{sw.Version.TrimStart('v')}/linux-amd64"));
                break;
            default:
                simulation.CountServed(success: false);
                Error(w, id, -32601, $"the method {method} does not exist/is not available");
                return;
        }
        simulation.CountServed(success: true);
    }

    private static void Result(Utf8JsonWriter w, JsonElement id, Action<Utf8JsonWriter> value)
    {
        w.WriteStartObject();
        w.WriteString("jsonrpc", "2.0");
        WriteId(w, id);
        w.WritePropertyName("result");
        value(w);
        w.WriteEndObject();
    }

    private static void Error(Utf8JsonWriter w, JsonElement id, int code, string message)
    {
        w.WriteStartObject();
        w.WriteString("jsonrpc", "2.0");
        WriteId(w, id);
        w.WriteStartObject("error");
        w.WriteNumber("code", code);
        w.WriteString("message", message);
        w.WriteEndObject();
        w.WriteEndObject();
    }

    private static void WriteId(Utf8JsonWriter w, JsonElement id)
    {
        w.WritePropertyName("id");
        if (id.ValueKind == JsonValueKind.Undefined) w.WriteNullValue();
        else id.WriteTo(w);
    }

    private static async Task WriteAsync(HttpContext context, Action<Utf8JsonWriter> write)
    {
        context.Response.ContentType = "application/json";
        using var buffer = new MemoryStream(256);
        using (var w = new Utf8JsonWriter(buffer)) write(w);
        await context.Response.Body.WriteAsync(buffer.ToArray(), context.RequestAborted);
    }

    private static string Hex(long value) => "0x" + Math.Max(0, value).ToString("x", CultureInfo.InvariantCulture);

    private static string Capitalized(string name) => name.Length == 0 ? name : char.ToUpperInvariant(name[0]) + name[1..];
}
