using System.Collections.Concurrent;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace GitOpsFleet.Reconciler.Tests.Notifications;

/// <summary>A real HTTP target on a loopback port: records every request and answers as the test says for each attempt.</summary>
internal sealed class NotificationReceiver : IAsyncDisposable
{
    private readonly WebApplication _app;
    private int _count;

    private NotificationReceiver(WebApplication app) => _app = app;

    public sealed record Received(string Path, string Query, IReadOnlyDictionary<string, string> Headers, byte[] Body, int Answer);

    public ConcurrentQueue<Received> Requests { get; } = new();

    public Uri Address { get; private set; } = null!;

    /// <param name="answer">Given the 1-based attempt number, the status to answer and an optional Retry-After in seconds; null hangs until the caller gives up.</param>
    public static async Task<NotificationReceiver> StartAsync(Func<int, (int Status, int? RetryAfter)?> answer)
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.Logging.ClearProviders();
        builder.WebHost.UseUrls("http://127.0.0.1:0");
        var app = builder.Build();
        var receiver = new NotificationReceiver(app);
        app.Run(async http =>
        {
            var attempt = Interlocked.Increment(ref receiver._count);
            using var buffer = new MemoryStream();
            await http.Request.Body.CopyToAsync(buffer, http.RequestAborted);
            var reply = answer(attempt);
            receiver.Requests.Enqueue(new Received(http.Request.Path, http.Request.QueryString.Value ?? "",
                http.Request.Headers.ToDictionary(h => h.Key, h => h.Value.ToString(), StringComparer.OrdinalIgnoreCase), buffer.ToArray(), reply?.Status ?? 0));
            if (reply is not { } r)
            {
                await Task.Delay(Timeout.Infinite, http.RequestAborted);
                return;
            }
            http.Response.StatusCode = r.Status;
            if (r.RetryAfter is { } s) http.Response.Headers.RetryAfter = s.ToString(System.Globalization.CultureInfo.InvariantCulture);
        });
        await app.StartAsync();
        var address = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First();
        receiver.Address = new Uri(address.Replace("[::]", "127.0.0.1") + "/");
        return receiver;
    }

    public async ValueTask DisposeAsync()
    {
        await _app.StopAsync();
        await _app.DisposeAsync();
    }
}
