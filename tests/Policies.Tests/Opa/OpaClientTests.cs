using System.Net;
using System.Net.Sockets;
using System.Text;
using GitOpsFleet.Policies.Opa;
using GitOpsFleet.Policies.Values;

namespace GitOpsFleet.Policies.Tests.Opa;

/// <summary>Runs the client against a local HTTP endpoint that speaks OPA's Data API (no OPA server runs here).</summary>
public sealed class OpaClientTests : IDisposable
{
    private readonly HttpListener _listener = new();
    private readonly Queue<Func<string, (int Status, string Body, bool Hold)>> _responses = new();
    // Set when the test ends: a held answer is only written then, long after any client timeout.
    private readonly TaskCompletionSource _ended = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private readonly List<(string Path, string Body)> _requests = [];
    private readonly Uri _base;
    private readonly Task _loop;

    public OpaClientTests()
    {
        var port = FreePort();
        _base = new Uri($"http://127.0.0.1:{port}/");
        _listener.Prefixes.Add(_base.ToString());
        _listener.Start();
        _loop = Task.Run(ServeAsync);
    }

    private static int FreePort()
    {
        var l = new TcpListener(IPAddress.Loopback, 0);
        l.Start();
        var port = ((IPEndPoint)l.LocalEndpoint).Port;
        l.Stop();
        return port;
    }

    private async Task ServeAsync()
    {
        while (_listener.IsListening)
        {
            HttpListenerContext ctx;
            try
            {
                ctx = await _listener.GetContextAsync();
            }
            catch (Exception e) when (e is HttpListenerException or ObjectDisposedException or InvalidOperationException)
            {
                return;
            }

            using var reader = new StreamReader(ctx.Request.InputStream);
            var body = await reader.ReadToEndAsync();
            Func<string, (int, string, bool)> next;
            lock (_requests)
            {
                _requests.Add((ctx.Request.Url!.AbsolutePath, body));
                next = _responses.Count > 0 ? _responses.Dequeue() : _ => (500, "{}", false);
            }

            var (status, text, hold) = next(body);
            _ = Task.Run(async () =>
            {
                try
                {
                    // A server too slow to answer: nothing is sent until the test is over, so the client's own timeout decides.
                    if (hold) await _ended.Task;
                    ctx.Response.StatusCode = status;
                    var bytes = Encoding.UTF8.GetBytes(text);
                    await ctx.Response.OutputStream.WriteAsync(bytes);
                    ctx.Response.Close();
                }
                catch (Exception e) when (e is HttpListenerException or ObjectDisposedException or InvalidOperationException)
                {
                }
            });
        }
    }

    private OpaClient Client(TimeSpan? timeout = null) => new(new HttpClient(), new OpaClientOptions
    {
        BaseAddress = _base,
        Timeout = timeout ?? TimeSpan.FromSeconds(5),
        MaxAttempts = 3,
        RetryDelay = TimeSpan.FromMilliseconds(10),
    });

    [Fact]
    public async Task EvaluateAsync_Defined_PostsInputToDataPathAndReturnsResult()
    {
        _responses.Enqueue(_ => (200, """{"result": {"deny": ["no"]}, "decision_id": "d-1"}""", false));

        var decision = await Client().EvaluateAsync("data.fleet.admission", ValueJson.Parse("""{"a": 1}"""), CancellationToken.None);

        Assert.Equal("""{"deny":["no"]}""", decision.Result!.ToJson());
        Assert.Equal("d-1", decision.DecisionId);
        var (path, body) = Assert.Single(_requests);
        Assert.Equal("/v1/data/fleet/admission", path);
        Assert.Equal("""{"input":{"a":1}}""", body);
    }

    [Fact]
    public async Task EvaluateAsync_Undefined_ReturnsNoResult()
    {
        _responses.Enqueue(_ => (200, "{}", false));

        var decision = await Client().EvaluateAsync("fleet/plan", null, CancellationToken.None);

        Assert.False(decision.IsDefined);
    }

    [Fact]
    public async Task EvaluateAsync_TransientFailures_RetriesThenSucceeds()
    {
        _responses.Enqueue(_ => (503, "unavailable", false));
        _responses.Enqueue(_ => (429, "slow down", false));
        _responses.Enqueue(_ => (200, """{"result": true}""", false));

        var decision = await Client().EvaluateAsync("p", null, CancellationToken.None);

        Assert.Equal(Value.True, decision.Result);
        Assert.Equal(3, decision.Attempts);
    }

    [Fact]
    public async Task EvaluateAsync_BadRequest_FailsAtOnceWithoutRetry()
    {
        _responses.Enqueue(_ => (400, """{"code": "invalid_parameter"}""", false));

        var ex = await Assert.ThrowsAsync<OpaClientException>(() => Client().EvaluateAsync("p", null, CancellationToken.None));

        Assert.False(ex.Transient);
        Assert.Equal(400, ex.StatusCode);
        Assert.Single(_requests);
    }

    [Fact]
    public async Task EvaluateAsync_ServerTooSlow_FailsClosedAfterAllAttempts()
    {
        for (var i = 0; i < 3; i++)
        {
            _responses.Enqueue(_ => (200, """{"result": true}""", true));
        }

        var ex = await Assert.ThrowsAsync<OpaClientException>(() => Client(TimeSpan.FromMilliseconds(150)).EvaluateAsync("p", null, CancellationToken.None));

        Assert.True(ex.Transient);
        Assert.Equal(3, ex.Attempts);

    }

    [Fact]
    public async Task EvaluateAsync_NothingListening_FailsClosed()
    {
        var client = new OpaClient(new HttpClient(), new OpaClientOptions { BaseAddress = new Uri($"http://127.0.0.1:{FreePort()}/"), MaxAttempts = 2, RetryDelay = TimeSpan.FromMilliseconds(1) });

        var ex = await Assert.ThrowsAsync<OpaClientException>(() => client.EvaluateAsync("p", null, CancellationToken.None));

        Assert.True(ex.Transient);
        Assert.Equal(2, ex.Attempts);
    }

    private int RequestCount()
    {
        lock (_requests)
        {
            return _requests.Count;
        }
    }

    public void Dispose()
    {
        _ended.TrySetResult();
        _listener.Stop();
        _listener.Close();
        _loop.Wait(TimeSpan.FromSeconds(2));
    }
}
