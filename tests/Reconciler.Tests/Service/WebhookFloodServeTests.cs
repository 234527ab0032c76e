using System.Net.Sockets;
using System.Text;
using GitOpsFleet.Reconciler.Tests.Support;

namespace GitOpsFleet.Reconciler.Tests.Service;

/// <summary>
/// The webhook flood as an attacker on the network sends it, against the real `serve` process: 40 unsigned 28 MiB
/// bodies at once. The service answers each without reading it, and its peak resident memory stays under 400 MB
/// (it reached 3.3 GB when bodies were copied whole before the signature was checked).
/// </summary>
public sealed class WebhookFloodServeTests
{
    private const int Posts = 40;
    private const int BodyBytes = 28 * 1024 * 1024;

    [Fact]
    public async Task FortyParallelUnsigned28MiBBodies_KeepServeUnder400MB()
    {
        using var temp = new TempDirectory("flood");
        var name = TestFleet.NewName();
        var repo = TestFleet.Create(temp.Combine(name), name, replicas: 0);
        File.WriteAllText(temp.Combine("secret"), "flood-secret");
        await using var serve = await ServeProcess.StartAsync(temp.Combine("home"), null, "--repo", repo.Path, "--webhook-secret-file", temp.Combine("secret"));

        var statuses = await Task.WhenAll(Enumerable.Range(0, Posts).Select(_ => PostUnsignedAsync(serve.Port)));

        // Each post is refused before its body is read: a 401 answer, or a reset when the server closes the
        // connection while the client is still sending (which is what an early answer does to an upload).
        Assert.All(statuses, s => Assert.True(s is null or 401 or 413, $"status {s}"));
        Assert.Contains(statuses, s => s is 401 or 413);
        var peak = PeakResidentBytes(serve.Pid);
        Assert.True(peak < 400L * 1024 * 1024, $"serve peaked at {peak / (1024 * 1024)} MiB\n{serve.Output}");
        Assert.Equal("ok\n", await serve.Http.GetStringAsync("/healthz"));
    }

    /// <summary>Sends the headers and then the whole body as fast as the socket takes it; returns the status line's code, or null on a reset.</summary>
    private static async Task<int?> PostUnsignedAsync(int port)
    {
        using var client = new TcpClient();
        await client.ConnectAsync("127.0.0.1", port);
        var stream = client.GetStream();
        var head = Encoding.ASCII.GetBytes(
            $"POST /hooks/github HTTP/1.1\r\nHost: 127.0.0.1:{port}\r\nContent-Type: application/json\r\nX-GitHub-Event: push\r\nContent-Length: {BodyBytes}\r\n\r\n");
        var chunk = new byte[256 * 1024];
        Array.Fill(chunk, (byte)'a');
        try
        {
            await stream.WriteAsync(head);
            using var reading = new CancellationTokenSource(TimeSpan.FromSeconds(60));
            var reply = ReadStatusAsync(stream, reading.Token);
            for (var sent = 0; sent < BodyBytes && !reply.IsCompleted; sent += chunk.Length)
                await stream.WriteAsync(chunk, reading.Token);
            return await reply;
        }
        catch (Exception ex) when (ex is IOException or SocketException or OperationCanceledException)
        {
            return null;
        }
    }

    private static async Task<int?> ReadStatusAsync(NetworkStream stream, CancellationToken cancellationToken)
    {
        var buffer = new byte[512];
        var read = await stream.ReadAsync(buffer, cancellationToken);
        var line = Encoding.ASCII.GetString(buffer, 0, read);
        return line.StartsWith("HTTP/1.1 ", StringComparison.Ordinal) && int.TryParse(line.AsSpan(9, 3), out var code) ? code : null;
    }

    private static long PeakResidentBytes(int pid)
    {
        var line = File.ReadLines($"/proc/{pid}/status").First(l => l.StartsWith("VmHWM:", StringComparison.Ordinal));
        return long.Parse(line.Split(' ', StringSplitOptions.RemoveEmptyEntries)[1], System.Globalization.CultureInfo.InvariantCulture) * 1024;
    }
}
