using System.Text.Json;
using Microsoft.AspNetCore.Http;
using GitOpsFleet.Providers.Local;

namespace GitOpsFleet.Providers.LocalNode;

/// <summary>
/// The node's HTTP surface, kept as one terminal handler (no routing) so that the process is up in
/// well under a second: GET /healthz, GET /metrics (also at geth's /debug/metrics/prometheus),
/// GET, POST and DELETE /simulate, and the few chain calls a health check or gateway makes
/// (JSON-RPC on POST /, the beacon node's /eth/v1/node/syncing and /eth/v1/node/health).
/// </summary>
internal sealed class NodeEndpoints(NodeSimulation simulation)
{
    public async Task HandleAsync(HttpContext context)
    {
        var request = context.Request;
        var response = context.Response;
        var path = request.Path.Value ?? "/";
        switch (path, request.Method)
        {
            case ("/healthz", "GET" or "HEAD"):
                var snapshot = simulation.Advance();
                response.StatusCode = snapshot.Healthy ? StatusCodes.Status200OK : StatusCodes.Status503ServiceUnavailable;
                response.ContentType = "application/json";
                await response.Body.WriteAsync(Health(snapshot), context.RequestAborted);
                return;
            case ("/metrics" or "/debug/metrics/prometheus", "GET"):
                var metrics = NodeMetrics.Render(simulation.Arguments, simulation.Profile, simulation.Consensus, simulation.Advance());
                response.ContentType = PrometheusWriter.ContentType;
                await response.WriteAsync(metrics, context.RequestAborted);
                return;
            case ("/simulate", "POST" or "PUT" or "DELETE") when await RefusedWriteAsync(context):
                return;
            case ("/simulate", "POST" or "PUT"):
                using (var reader = new StreamReader(request.Body))
                {
                    var body = await reader.ReadToEndAsync(context.RequestAborted);
                    if (SimulatedLoad.Parse(body) is not { } load)
                    {
                        response.StatusCode = StatusCodes.Status400BadRequest;
                        await response.WriteAsync("expected a JSON object such as {\"rps\": 250, \"errorRate\": 0.01, \"latencyMs\": 40, \"healthy\": true, \"peers\": 50} or a number\n", context.RequestAborted);
                        return;
                    }
                    simulation.Override = (simulation.Override ?? new SimulatedLoad()).Overlay(load);
                }
                await WriteOverrideAsync(context);
                return;
            case ("/simulate", "DELETE"):
                simulation.Override = null;
                await WriteOverrideAsync(context);
                return;
            case ("/simulate", "GET"):
                await WriteOverrideAsync(context);
                return;
            case ("/", "POST") when simulation.Profile.Kind is ClientKind.Execution or ClientKind.Gateway:
                await NodeChainApi.JsonRpcAsync(context, simulation);
                return;
            case ("/eth/v1/node/syncing", "GET") when NodeChainApi.HasBeaconApi(simulation):
                await NodeChainApi.BeaconSyncingAsync(context, simulation);
                return;
            case ("/eth/v1/node/health", "GET") when NodeChainApi.HasBeaconApi(simulation):
                NodeChainApi.BeaconHealth(context, simulation);
                return;
            default:
                response.StatusCode = StatusCodes.Status404NotFound;
                await response.WriteAsync("gitopsfleet node: GET /healthz, GET /metrics, POST /simulate\n", context.RequestAborted);
                return;
        }
    }

    /// <summary>
    /// A write to /simulate changes what the service observes, so a web page must not be able to make one: browsers
    /// send cross-origin text/plain POSTs without asking, but always name their page in Origin, and a JSON body
    /// needs a preflight this node never grants. The own origin is judged by the port the request arrived on, not
    /// by its Host header, which a rebound DNS name controls.
    /// </summary>
    private static async Task<bool> RefusedWriteAsync(HttpContext context)
    {
        var request = context.Request;
        if (request.Headers.Origin is { Count: > 0 } origin && !IsOwnOrigin(origin.ToString(), context.Connection.LocalPort))
        {
            context.Response.StatusCode = StatusCodes.Status403Forbidden;
            await context.Response.WriteAsync("cross-origin writes are refused\n", context.RequestAborted);
            return true;
        }
        if (request.Method != "DELETE" && !IsJson(request.ContentType))
        {
            context.Response.StatusCode = StatusCodes.Status415UnsupportedMediaType;
            await context.Response.WriteAsync("send Content-Type: application/json\n", context.RequestAborted);
            return true;
        }
        return false;
    }

    private static bool IsOwnOrigin(string origin, int port) =>
        Uri.TryCreate(origin, UriKind.Absolute, out var uri) && uri.Scheme == Uri.UriSchemeHttp && uri.Port == port
        && uri.Host is "127.0.0.1" or "localhost" or "[::1]";

    private static bool IsJson(string? contentType) =>
        Microsoft.Net.Http.Headers.MediaTypeHeaderValue.TryParse(contentType, out var media)
        && media.MediaType.Equals("application/json", StringComparison.OrdinalIgnoreCase);

    private Task WriteOverrideAsync(HttpContext context)
    {
        context.Response.ContentType = "application/json";
        return context.Response.WriteAsync((simulation.Override ?? new SimulatedLoad()).ToJson(), context.RequestAborted);
    }

    private byte[] Health(NodeSnapshot s)
    {
        var args = simulation.Arguments;
        using var stream = new MemoryStream(512);
        using (var json = new Utf8JsonWriter(stream))
        {
            json.WriteStartObject();
            json.WriteString("fleet", args.Fleet);
            json.WriteString("pool", args.Pool);
            json.WriteString("node", args.Name);
            json.WriteStartObject("software");
            json.WriteString("name", args.Software.Name);
            json.WriteString("version", args.Software.Version);
            if (args.Software.Consensus is { } cl)
            {
                json.WriteStartObject("consensus");
                json.WriteString("name", cl.Name);
                json.WriteString("version", cl.Version);
                json.WriteEndObject();
            }
            json.WriteEndObject();
            if (args.Machine.Size is { } size) json.WriteString("size", size); else json.WriteNull("size");
            json.WriteString("status", !s.Healthy ? "unhealthy" : s.Syncing ? "syncing" : "ok");
            json.WriteNumber("uptime", Math.Round(s.Uptime.TotalSeconds, 3));
            json.WriteNumber("pid", Environment.ProcessId);
            json.WriteStartObject("sync");
            var (current, highest) = simulation.Profile.Kind switch
            {
                ClientKind.Execution or ClientKind.Gateway => (s.CurrentBlock, s.HighestBlock),
                ClientKind.Consensus => (s.HeadSlot, s.ClockSlot),
                _ => (0L, 0L),
            };
            json.WriteBoolean("is_syncing", current < highest);
            json.WriteNumber("current", current);
            json.WriteNumber("highest", highest);
            json.WriteEndObject();
            json.WriteEndObject();
        }
        return stream.ToArray();
    }
}
