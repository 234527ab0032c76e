using System.Collections.Concurrent;
using System.Net;
using System.Text.Json;
using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace GitOpsFleet.TestSupport.Forges;

/// <summary>
/// A local Kestrel endpoint that speaks the part of one forge's REST API that the clients call, with the
/// forge's own paths, JSON fields, authentication header and error statuses. Faults can be queued to answer
/// the next request that matches, and every request is logged so tests can check where the token went.
/// </summary>
public sealed class FakeForgeServer : IAsyncDisposable
{
    private readonly IFakeForgeApi _api;
    private WebApplication? _app;
    private readonly ConcurrentQueue<(Func<string, string, bool> Match, FakeResponse? Response, TimeSpan Stall)> _faults = new();

    private FakeForgeServer(IFakeForgeApi api)
    {
        _api = api;
    }

    public string Token { get; set; } = "tok-" + Guid.NewGuid().ToString("N");
    public string Repository { get; set; } = "acme/fleet-repo";
    /// <summary>The account the token belongs to: the author of every comment the client posts.</summary>
    public string TokenUser { get; set; } = "gitopsfleet-bot";
    public List<FakePullRequest> PullRequests { get; } = [];
    public Dictionary<string, long> Labels { get; } = new(StringComparer.Ordinal);
    public ConcurrentQueue<(string Method, string PathAndQuery, string? Authorization, string? PrivateToken)> Requests { get; } = new();
    public Uri BaseAddress { get; private set; } = null!;

    /// <summary>While set, every request is held this long before it is looked at: a forge that accepts connections and does not answer.</summary>
    public TimeSpan? StallEvery { get; set; }
    public Uri ApiBase => new(BaseAddress, _api.Prefix);
    public object Sync { get; } = new();

    public static async Task<FakeForgeServer> StartAsync(IFakeForgeApi api)
    {
        var server = new FakeForgeServer(api);
        var address = await server.ListenAsync("http://127.0.0.1:0");
        server.BaseAddress = new Uri(address.Replace("[::]", "127.0.0.1", StringComparison.Ordinal) + "/");
        return server;
    }

    /// <summary>True while the forge is down (stopped by <see cref="StopAsync"/>): connections are refused.</summary>
    public bool IsDown => _app is null;

    /// <summary>Takes the forge down: its port refuses connections until <see cref="ResumeAsync"/>. Pull requests are kept.</summary>
    public async Task StopAsync()
    {
        if (_app is not { } app) return;
        _app = null;
        await app.StopAsync();
        await app.DisposeAsync();
    }

    /// <summary>Brings the forge back on the same address, with the pull requests it had.</summary>
    public async Task ResumeAsync()
    {
        if (_app is not null) return;
        await ListenAsync(BaseAddress.GetLeftPart(UriPartial.Authority));
    }

    private async Task<string> ListenAsync(string url)
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.WebHost.UseUrls(url);
        builder.Logging.ClearProviders();
        var app = builder.Build();
        app.Run(HandleAsync);
        await app.StartAsync();
        _app = app;
        return app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First();
    }

    /// <summary>Answers the next request whose method and path (after the API prefix) match with <paramref name="response"/>.</summary>
    public void FailNext(string method, string pathPrefix, FakeResponse response) =>
        _faults.Enqueue(((m, p) => m == method && p.StartsWith(pathPrefix, StringComparison.Ordinal), response, TimeSpan.Zero));

    /// <summary>
    /// Carries out the next matching request (a create is created) and then holds the answer for <paramref name="stall"/>:
    /// what a client sees when the forge, or a proxy in front of it, hangs after the write.
    /// </summary>
    public void StallAfterNext(string method, string pathPrefix, TimeSpan stall) =>
        _faults.Enqueue(((m, p) => m == method && p.StartsWith(pathPrefix, StringComparison.Ordinal), null, stall));

    public FakePullRequest NewPullRequest(string head, string @base, string title, string body)
    {
        lock (Sync)
        {
            var pr = new FakePullRequest { Number = PullRequests.Count + 1, Head = head, Base = @base, Title = title, Body = body };
            PullRequests.Add(pr);
            return pr;
        }
    }

    private async Task HandleAsync(HttpContext context)
    {
        var request = context.Request;
        if (StallEvery is { } hold) await HoldAsync(hold, context.RequestAborted);
        if (context.RequestAborted.IsCancellationRequested) return;
        // The raw target keeps %2F (GitLab's encoded project path) as the client sent it.
        var raw = context.Features.Get<Microsoft.AspNetCore.Http.Features.IHttpRequestFeature>()!.RawTarget;
        Requests.Enqueue((request.Method, raw, request.Headers.Authorization.ToString(), request.Headers["PRIVATE-TOKEN"].ToString()));
        var queryAt = raw.IndexOf('?', StringComparison.Ordinal);
        var path = queryAt < 0 ? raw : raw[..queryAt];
        var prefix = "/" + _api.Prefix.TrimEnd('/');
        FakeResponse response;
        if (!path.StartsWith(prefix + "/", StringComparison.Ordinal))
        {
            response = new FakeResponse(404, new JsonObject { ["message"] = "Not Found" });
        }
        else
        {
            var relative = path[(prefix.Length + 1)..];
            var matched = _faults.TryPeek(out var f) && f.Match(request.Method, relative) && _faults.TryDequeue(out f);
            var stall = matched ? f.Stall : TimeSpan.Zero;
            if (matched && f.Response is { } fault)
            {
                response = fault;
            }
            else if (!_api.IsAuthorized(request, Token))
            {
                // Real forges do not echo the token, but a proxy in front of one might: the client must redact it.
                response = _api.Unauthorized(request.Headers.Authorization.ToString() + request.Headers["PRIVATE-TOKEN"]);
            }
            else
            {
                JsonNode? body = null;
                if (request.ContentLength is > 0 || request.Headers.TransferEncoding.Count > 0)
                {
                    using var reader = new StreamReader(request.Body);
                    var text = await reader.ReadToEndAsync();
                    body = text.Length == 0 ? null : JsonNode.Parse(text);
                }
                var segments = relative.Split('/').Select(Uri.UnescapeDataString).ToArray();
                var query = Microsoft.AspNetCore.WebUtilities.QueryHelpers.ParseQuery(queryAt < 0 ? "" : raw[queryAt..]);
                lock (Sync)
                {
                    response = _api.Handle(this, request.Method, segments, query.ToDictionary(q => q.Key, q => q.Value.ToString()), body);
                }
            }
            if (stall > TimeSpan.Zero) await HoldAsync(stall, context.RequestAborted);
            if (context.RequestAborted.IsCancellationRequested) return;
        }
        context.Response.StatusCode = response.Status;
        foreach (var (name, value) in response.Headers ?? new Dictionary<string, string>())
        {
            context.Response.Headers[name] = value;
        }
        if (response.Body is not null)
        {
            context.Response.ContentType = "application/json; charset=utf-8";
            await context.Response.WriteAsync(response.Body.ToJsonString(new JsonSerializerOptions { WriteIndented = false }));
        }
    }

    /// <summary>Waits, or stops waiting when the client gives up (it hung up) so the server can stop promptly.</summary>
    private static async Task HoldAsync(TimeSpan hold, CancellationToken aborted)
    {
        try
        {
            await Task.Delay(hold, aborted);
        }
        catch (OperationCanceledException)
        {
        }
    }

    public static FakeResponse NotFound() => new((int)HttpStatusCode.NotFound, new JsonObject { ["message"] = "Not Found" });

    public async ValueTask DisposeAsync() => await StopAsync();
}
