using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using GitOpsFleet.Providers.Local;
using GitOpsFleet.Providers.LocalNode;
using GitOpsFleet.Providers.Tests.Local;

namespace GitOpsFleet.Providers.Tests.LocalNode;

/// <summary>The node's HTTP surface, with the node program run inside the test process.</summary>
public sealed class NodeEndpointsTests
{
    private static readonly HttpClient Http = new(new SocketsHttpHandler { UseProxy = false }) { Timeout = TimeSpan.FromSeconds(5) };

    private sealed class InProcessNode : IAsyncDisposable
    {
        private readonly CancellationTokenSource _stop = new();
        private readonly Task<int> _run;
        private readonly string _dir = Path.Combine(Path.GetTempPath(), "gitopsfleet-node-tests", Guid.NewGuid().ToString("N"));

        public InProcessNode(params string[] args) : this(TimeProvider.System, args)
        {
        }

        public InProcessNode(TimeProvider time, params string[] args)
        {
            _run = LocalNodeProgram.RunAsync(["--fleet", "f", "--pool", "p", "--name", "n-0", "--state-dir", _dir, .. args], time, _stop.Token);
        }

        public string StateDirectory => _dir;

        public string Address { get; private set; } = "";

        public async Task<InProcessNode> StartedAsync()
        {
            var portFile = Path.Combine(_dir, "nodes", "n-0.port");
            await LocalTestFleet.WaitUntilAsync(() => Task.FromResult(File.Exists(portFile) || _run.IsCompleted), TimeSpan.FromSeconds(20), "the node to listen");
            Assert.False(_run.IsCompleted, "the node stopped while starting");
            Address = $"http://127.0.0.1:{File.ReadAllText(portFile)}";
            return this;
        }

        public async ValueTask DisposeAsync()
        {
            _stop.Cancel();
            Assert.Equal(0, await _run);
            Assert.False(File.Exists(Path.Combine(_dir, "nodes", "n-0.port")), "the port file outlived the node");
            Directory.Delete(_dir, recursive: true);
        }
    }

    private static async Task<JsonElement> RpcAsync(string address, object body)
    {
        using var response = await Http.PostAsJsonAsync(address + "/", body);
        response.EnsureSuccessStatusCode();
        return (await response.Content.ReadFromJsonAsync<JsonElement>()).Clone();
    }

    private static async Task<double> MetricAsync(string address, string name)
    {
        var line = (await Http.GetStringAsync(address + "/metrics")).Split('\n').Single(l => l.StartsWith(name + " ", StringComparison.Ordinal));
        return double.Parse(line[(name.Length + 1)..], System.Globalization.CultureInfo.InvariantCulture);
    }

    [Fact]
    public async Task JsonRpc_AnswersLikeAnExecutionClient_AndCountsRealRequests()
    {
        await using var node = await new InProcessNode("--software", "geth", "--version", "1.16.7").StartedAsync();
        (await Http.PostAsJsonAsync(node.Address + "/simulate", new { rps = 0 })).EnsureSuccessStatusCode();
        var before = await MetricAsync(node.Address, "rpc_requests");

        var block = await RpcAsync(node.Address, new { jsonrpc = "2.0", id = 7, method = "eth_blockNumber" });
        var syncing = await RpcAsync(node.Address, new { jsonrpc = "2.0", id = "a", method = "eth_syncing" });
        var batch = await RpcAsync(node.Address, new object[]
        {
            new { jsonrpc = "2.0", id = 1, method = "eth_chainId" },
            new { jsonrpc = "2.0", id = 2, method = "web3_clientVersion" },
            new { jsonrpc = "2.0", id = 3, method = "eth_sendRawTransaction" },
        });

        Assert.Equal(7, block.GetProperty("id").GetInt32());
        var height = Convert.ToInt64(block.GetProperty("result").GetString()![2..], 16);
        Assert.InRange(await MetricAsync(node.Address, "chain_head_block") - height, 0, 1);
        Assert.Equal("a", syncing.GetProperty("id").GetString());
        Assert.False(syncing.GetProperty("result").GetBoolean());
        Assert.Equal("0x1", batch[0].GetProperty("result").GetString());
        Assert.StartsWith("Geth/v1.16.7", batch[1].GetProperty("result").GetString());
        Assert.Equal(-32601, batch[2].GetProperty("error").GetProperty("code").GetInt32());
        // Five calls answered, one of them an error; the simulated rate was set to zero.
        Assert.Equal(before + 5, await MetricAsync(node.Address, "rpc_requests"));
        Assert.Equal(1, await MetricAsync(node.Address, "rpc_failure"));
    }

    [Fact]
    public async Task BeaconApi_SaysSyncingUntilCaughtUp()
    {
        await using var node = await new InProcessNode("--software", "lighthouse", "--version", "v8.0.0", "--sync-seconds", "600").StartedAsync();

        using var health = await Http.GetAsync(node.Address + "/eth/v1/node/health");
        var syncing = await Http.GetFromJsonAsync<JsonElement>(node.Address + "/eth/v1/node/syncing");
        var healthz = await Http.GetFromJsonAsync<JsonElement>(node.Address + "/healthz");

        Assert.Equal(HttpStatusCode.PartialContent, health.StatusCode);
        var data = syncing.GetProperty("data");
        Assert.True(data.GetProperty("is_syncing").GetBoolean());
        Assert.True(long.Parse(data.GetProperty("sync_distance").GetString()!) > 0);
        Assert.Equal("syncing", healthz.GetProperty("status").GetString());
        Assert.True(healthz.GetProperty("sync").GetProperty("is_syncing").GetBoolean());
        var sync = healthz.GetProperty("sync");
        Assert.True(sync.GetProperty("highest").GetInt64() > sync.GetProperty("current").GetInt64());
    }

    [Fact]
    public async Task Simulate_WriteFromAnotherOrigin_IsRefusedAndChangesNothing()
    {
        await using var node = await new InProcessNode("--software", "teku", "--version", "25.11.0").StartedAsync();
        using var request = new HttpRequestMessage(HttpMethod.Post, node.Address + "/simulate")
        {
            Content = new StringContent("{\"healthy\": false}", System.Text.Encoding.UTF8, "application/json"),
        };
        request.Headers.Add("Origin", "http://attacker.example");

        using var refused = await Http.SendAsync(request);
        using var own = new HttpRequestMessage(HttpMethod.Post, node.Address + "/simulate")
        {
            Content = new StringContent("{\"rps\": 5}", System.Text.Encoding.UTF8, "application/json"),
        };
        own.Headers.Add("Origin", node.Address);
        using var accepted = await Http.SendAsync(own);
        var state = await Http.GetStringAsync(node.Address + "/simulate");

        Assert.Equal(HttpStatusCode.Forbidden, refused.StatusCode);
        Assert.Equal(HttpStatusCode.OK, accepted.StatusCode);
        Assert.Equal("{\"rps\":5}", state);
    }

    [Fact]
    public async Task Simulate_WriteWithoutJsonContentType_Gets415AndChangesNothing()
    {
        await using var node = await new InProcessNode("--software", "teku", "--version", "25.11.0").StartedAsync();

        using var plain = await Http.PostAsync(node.Address + "/simulate", new StringContent("{\"healthy\": false}", System.Text.Encoding.UTF8, "text/plain"));
        var state = await Http.GetStringAsync(node.Address + "/simulate");

        Assert.Equal(HttpStatusCode.UnsupportedMediaType, plain.StatusCode);
        Assert.Equal("{}", state);
    }

    [Fact]
    public async Task Simulate_Unhealthy_TurnsHealthChecksTo503_AndDeleteRestores()
    {
        await using var node = await new InProcessNode("--software", "teku", "--version", "25.11.0").StartedAsync();

        (await Http.PostAsJsonAsync(node.Address + "/simulate", new { healthy = false })).EnsureSuccessStatusCode();
        using var sick = await Http.GetAsync(node.Address + "/healthz");
        using var sickBeacon = await Http.GetAsync(node.Address + "/eth/v1/node/health");
        (await Http.DeleteAsync(node.Address + "/simulate")).EnsureSuccessStatusCode();
        using var well = await Http.GetAsync(node.Address + "/healthz");
        using var bad = await Http.PostAsync(node.Address + "/simulate", new StringContent("[1,2]", System.Text.Encoding.UTF8, "application/json"));

        Assert.Equal(HttpStatusCode.ServiceUnavailable, sick.StatusCode);
        Assert.Contains("\"status\":\"unhealthy\"", await sick.Content.ReadAsStringAsync());
        Assert.Equal(HttpStatusCode.ServiceUnavailable, sickBeacon.StatusCode);
        Assert.Equal(HttpStatusCode.OK, well.StatusCode);
        Assert.Equal(HttpStatusCode.BadRequest, bad.StatusCode);
    }

    [Fact]
    public async Task LoadFiles_DriveTheRate_PoolLoadSharedByLiveNodes()
    {
        var time = new Microsoft.Extensions.Time.Testing.FakeTimeProvider(DateTimeOffset.UtcNow);
        await using var node = await new InProcessNode(time, "--software", "nethermind", "--version", "1.35.2").StartedAsync();
        Directory.CreateDirectory(Path.Combine(node.StateDirectory, "pools"));

        // A pool load with no recorded live node falls on this node alone.
        File.WriteAllText(Path.Combine(node.StateDirectory, "pools", "p.load"), "{\"rps\": 300}");
        var poolRate = await RateAsync();
        // A node's own file overrides its share of the pool.
        File.WriteAllText(Path.Combine(node.StateDirectory, "nodes", "n-0.load"), "40");
        var nodeRate = await RateAsync();

        Assert.InRange(poolRate, 290, 310);
        Assert.InRange(nodeRate, 38, 42);

        async Task<double> RateAsync()
        {
            time.Advance(TimeSpan.FromSeconds(1)); // past the knob cache
            await MetricAsync(node.Address, "nethermind_json_rpc_requests");
            var before = await MetricAsync(node.Address, "nethermind_json_rpc_requests");
            time.Advance(TimeSpan.FromSeconds(100));
            return (await MetricAsync(node.Address, "nethermind_json_rpc_requests") - before) / 100;
        }
    }
}
