using System.Diagnostics;
using System.Net.Http.Json;
using System.Text.Json;
using GitOpsFleet.Providers.Local;
using GitOpsFleet.Model;

namespace GitOpsFleet.Providers.Tests.Local;

/// <summary>The local provider against real node processes.</summary>
public sealed class LocalProviderTests(Xunit.Abstractions.ITestOutputHelper output)
{
    private static readonly HttpClient Http = new(new SocketsHttpHandler { UseProxy = false }) { Timeout = TimeSpan.FromSeconds(5) };

    [Fact]
    public async Task Create_ThreeNodesInParallel_ObservedRunningAndManagedWithTheirIdentity()
    {
        await using var fleet = new LocalTestFleet();
        var nodes = new[]
        {
            fleet.Node("rpc", "rpc-0", "geth", "1.16.7", "Standard_D8s_v5", consensus: new("lighthouse", "v8.0.0")),
            fleet.Node("rpc", "rpc-1", "nethermind", "1.35.2"),
            fleet.Node("ipfs", "ipfs-0", "kubo", "0.38.1", "Standard_D2s_v5"),
        };
        var results = await Task.WhenAll(nodes.Select(n => fleet.CreateAsync(n)));
        Assert.All(results, r => Assert.Equal(NodeState.Running, r.Node!.State));

        var observed = await fleet.ObserveAsync();

        Assert.Equal(["ipfs-0", "rpc-0", "rpc-1"], observed.Select(n => n.Name));
        Assert.All(observed, n =>
        {
            Assert.Equal(NodeState.Running, n.State);
            Assert.True(n.Managed);
            Assert.Equal(fleet.Name, n.Fleet);
            Assert.Equal("local", n.Provider);
            Assert.NotNull(n.Address);
            Assert.NotNull(n.Since);
        });
        var rpc0 = observed.Single(n => n.Name == "rpc-0");
        Assert.Equal(new SoftwareSpec("geth", "1.16.7", new SoftwareSpec("lighthouse", "v8.0.0")), rpc0.Software);
        Assert.Equal("Standard_D8s_v5", rpc0.Machine!.Size);
        Assert.Equal("ubuntu-24.04", rpc0.Machine.Image);
        Assert.Equal("rpc", rpc0.Labels["role"]);
        Assert.Equal(3, observed.Select(n => n.Address).Distinct().Count());

        // ps shows what a node is: --fleet and --pool come right after the verb.
        var argv = LocalTestFleet.CommandLine(int.Parse(rpc0.ProviderId!));
        var verb = Array.IndexOf(argv, "node");
        Assert.Equal(["--fleet", fleet.Name, "--pool", "rpc"], argv[(verb + 1)..(verb + 5)]);

        using var health = JsonDocument.Parse(await Http.GetStringAsync(rpc0.Address + "/healthz"));
        var root = health.RootElement;
        Assert.Equal(fleet.Name, root.GetProperty("fleet").GetString());
        Assert.Equal("rpc", root.GetProperty("pool").GetString());
        Assert.Equal("rpc-0", root.GetProperty("node").GetString());
        Assert.Equal("geth", root.GetProperty("software").GetProperty("name").GetString());
        Assert.Equal("1.16.7", root.GetProperty("software").GetProperty("version").GetString());
        Assert.Equal("Standard_D8s_v5", root.GetProperty("size").GetString());
        Assert.Equal("ok", root.GetProperty("status").GetString());
        Assert.False(root.GetProperty("sync").GetProperty("is_syncing").GetBoolean());
        Assert.True(root.GetProperty("sync").GetProperty("current").GetInt64() > 15_537_394);

        var gethMetrics = await Http.GetStringAsync(rpc0.Address + "/metrics");
        Assert.Contains("# TYPE chain_head_block gauge", gethMetrics);
        Assert.Contains("# TYPE rpc_duration_all summary", gethMetrics);
        Assert.Contains("# TYPE beacon_head_slot gauge", gethMetrics);
        var nethermind = await Http.GetStringAsync(observed.Single(n => n.Name == "rpc-1").Address + "/metrics");
        Assert.Contains("# TYPE nethermind_json_rpc_requests counter", nethermind);
        Assert.DoesNotContain("chain_head_block", nethermind);
        var kubo = await Http.GetStringAsync(observed.Single(n => n.Name == "ipfs-0").Address + "/metrics");
        Assert.Contains("ipfs_p2p_peers_total{transport=", kubo);
    }

    [Fact]
    public async Task Observe_TenNodes_IsFast()
    {
        await using var fleet = new LocalTestFleet();
        await Task.WhenAll(Enumerable.Range(0, 10).Select(i => fleet.CreateAsync(fleet.Node("rpc", $"rpc-{i}"))));
        await fleet.ObserveAsync(); // warm: connections and code paths

        var times = new List<TimeSpan>();
        for (var i = 0; i < 7; i++)
        {
            var watch = Stopwatch.StartNew();
            var observed = await fleet.ObserveAsync();
            times.Add(watch.Elapsed);
            Assert.Equal(10, observed.Count(n => n.State == NodeState.Running));
        }
        var median = times.Order().ElementAt(times.Count / 2);
        output.WriteLine($"observe of 10 running nodes, median of 7: {median.TotalMilliseconds:F1} ms (all: {string.Join(", ", times.Select(t => t.TotalMilliseconds.ToString("F0")))})");
        // The budget is 100 ms on a quiet machine; the bound is looser because the other test classes
        // start and stop nodes on the same 2 cores at the same time.
        Assert.True(median < TimeSpan.FromMilliseconds(500), $"observe of 10 nodes took {median.TotalMilliseconds:F1} ms");
    }

    [Fact]
    public async Task KilledNode_IsDead_AndReplaceStartsItAgain()
    {
        await using var fleet = new LocalTestFleet();
        var node = fleet.Node("rpc", "rpc-0");
        var created = await fleet.CreateAsync(node);
        var pid = int.Parse(created.Node!.ProviderId!);

        Process.GetProcessById(pid).Kill();
        await LocalTestFleet.WaitUntilAsync(() => Task.FromResult(!LocalTestFleet.IsAlive(pid)), TimeSpan.FromSeconds(5), "the killed node to exit");

        var dead = Assert.Single(await fleet.ObserveAsync());
        Assert.Equal(NodeState.Dead, dead.State);
        Assert.True(dead.Managed);
        Assert.Equal("rpc-0", dead.Name);
        Assert.Equal("1.14.12", dead.Software!.Version);

        var replaced = await fleet.Provider.ApplyAsync(
            new PlannedAction(ActionKind.Replace, fleet.Name, "rpc", "rpc-0", "local", node, dead, "dead"), fleet.Scope, CancellationToken.None);
        Assert.Equal(ActionOutcome.Succeeded, replaced.Outcome);
        var again = Assert.Single(await fleet.ObserveAsync());
        Assert.Equal(NodeState.Running, again.State);
        Assert.NotEqual(pid.ToString(), again.ProviderId);
    }

    [Fact]
    public async Task NodeStartedByHand_IsUnmanaged_AndDeleteStopsOnlyIt()
    {
        await using var fleet = new LocalTestFleet();
        var created = await fleet.CreateAsync(fleet.Node("rpc", "rpc-0"));
        var argv = LocalTestFleet.CommandLine(int.Parse(created.Node!.ProviderId!));
        argv[Array.IndexOf(argv, "--name") + 1] = "other";
        var handPid = LocalTestFleet.StartByHand(argv);

        ObservedNode? other = null;
        await LocalTestFleet.WaitUntilAsync(async () =>
        {
            other = (await fleet.ObserveAsync()).SingleOrDefault(n => n.Name == "other" && n.State == NodeState.Running);
            return other is not null;
        }, TimeSpan.FromSeconds(20), "the hand-started node to answer");

        Assert.False(other!.Managed);
        Assert.Equal("rpc", other.Pool);
        Assert.Equal(handPid.ToString(), other.ProviderId);
        Assert.True((await fleet.ObserveAsync()).Single(n => n.Name == "rpc-0").Managed);

        var deleted = await fleet.Provider.ApplyAsync(
            new PlannedAction(ActionKind.Delete, fleet.Name, "rpc", "other", "local", null, other, "unknown"), fleet.Scope, CancellationToken.None);
        Assert.Equal(ActionOutcome.Succeeded, deleted.Outcome);
        Assert.False(LocalTestFleet.IsAlive(handPid));
        var left = Assert.Single(await fleet.ObserveAsync());
        Assert.Equal("rpc-0", left.Name);
        Assert.Equal(NodeState.Running, left.State);
    }

    [Fact]
    public async Task NodeStartedByHandWithoutStateFolder_IsFoundThroughItsListeningSocket()
    {
        await using var fleet = new LocalTestFleet();
        var pid = LocalTestFleet.StartByHand([.. NodeProgramLocator.NodeCommand(), "node", "--fleet", fleet.Name, "--pool", "ipfs", "--name", "manual-1", "--software", "kubo", "--version", "0.38.1"]);

        ObservedNode? node = null;
        await LocalTestFleet.WaitUntilAsync(async () =>
        {
            node = (await fleet.ObserveAsync()).SingleOrDefault();
            return node is { State: NodeState.Running };
        }, TimeSpan.FromSeconds(20), "the hand-started node to answer");

        Assert.False(node!.Managed);
        Assert.Equal(pid.ToString(), node.ProviderId);
        Assert.Contains("ipfs_p2p_peers_total", await Http.GetStringAsync(node.Address + "/metrics"));
    }

    [Fact]
    public async Task NodeRestartedByHandWithAnotherVersion_IsTheSameNodeChanged()
    {
        await using var fleet = new LocalTestFleet();
        var created = await fleet.CreateAsync(fleet.Node("rpc", "rpc-0", version: "1.14.12"));
        var pid = int.Parse(created.Node!.ProviderId!);
        var argv = LocalTestFleet.CommandLine(pid);
        argv[Array.IndexOf(argv, "--version") + 1] = "1.14.13";

        Process.GetProcessById(pid).Kill();
        await LocalTestFleet.WaitUntilAsync(() => Task.FromResult(!LocalTestFleet.IsAlive(pid)), TimeSpan.FromSeconds(5), "the old node to exit");
        var handPid = LocalTestFleet.StartByHand(argv);

        ObservedNode? node = null;
        await LocalTestFleet.WaitUntilAsync(async () =>
        {
            node = Assert.Single(await fleet.ObserveAsync());
            return node.State == NodeState.Running;
        }, TimeSpan.FromSeconds(20), "the restarted node to answer");

        Assert.Equal("rpc-0", node!.Name);
        Assert.True(node.Managed);
        Assert.Equal("1.14.13", node.Software!.Version);
        Assert.Equal(handPid.ToString(), node.ProviderId);

        // Deleting the node stops the hand-started process that took its place.
        var deleted = await fleet.Provider.ApplyAsync(
            new PlannedAction(ActionKind.Delete, fleet.Name, "rpc", "rpc-0", "local", null, node, "prune"), fleet.Scope, CancellationToken.None);
        Assert.Equal(ActionOutcome.Succeeded, deleted.Outcome);
        Assert.False(LocalTestFleet.IsAlive(handPid));
    }

    [Fact]
    public async Task NewProviderInstance_AdoptsRunningNodes_WithoutStartingTwins()
    {
        await using var fleet = new LocalTestFleet();
        var a = await fleet.CreateAsync(fleet.Node("rpc", "rpc-0"));
        var b = await fleet.CreateAsync(fleet.Node("rpc", "rpc-1"));

        var restarted = fleet.NewProvider();
        var observed = await fleet.ObserveAsync(restarted);
        Assert.Equal(2, observed.Count);
        Assert.All(observed, n => Assert.True(n.Managed && n.State == NodeState.Running));
        Assert.Equal([a.Node!.ProviderId, b.Node!.ProviderId], observed.Select(n => n.ProviderId));

        // A create planned before the adoption is seen finds the node running and starts nothing.
        var again = await fleet.CreateAsync(fleet.Node("rpc", "rpc-0"), restarted);
        Assert.Contains("adopted", again.Message);
        Assert.Equal(a.Node.ProviderId, again.Node!.ProviderId);
        Assert.Equal(2, fleet.FleetProcesses().Count);
    }

    [Fact]
    public async Task Update_RestartsTheNodeWithTheNewVersionAndSize()
    {
        await using var fleet = new LocalTestFleet();
        var created = await fleet.CreateAsync(fleet.Node("rpc", "rpc-0", version: "1.14.12", size: "Standard_D4s_v5"));
        var oldPid = int.Parse(created.Node!.ProviderId!);
        var wanted = fleet.Node("rpc", "rpc-0", version: "1.16.7", size: "Standard_D8s_v5");

        var updated = await fleet.Provider.ApplyAsync(
            new PlannedAction(ActionKind.Update, fleet.Name, "rpc", "rpc-0", "local", wanted, created.Node, "version"), fleet.Scope, CancellationToken.None);

        Assert.Equal(ActionOutcome.Succeeded, updated.Outcome);
        Assert.False(LocalTestFleet.IsAlive(oldPid));
        var node = Assert.Single(await fleet.ObserveAsync());
        Assert.Equal("1.16.7", node.Software!.Version);
        Assert.Equal("Standard_D8s_v5", node.Machine!.Size);
        Assert.True(node.Managed);
    }

    [Fact]
    public async Task Delete_StopsTheProcessAndForgetsTheNode()
    {
        await using var fleet = new LocalTestFleet();
        var created = await fleet.CreateAsync(fleet.Node("rpc", "rpc-0"));
        var pid = int.Parse(created.Node!.ProviderId!);

        var deleted = await fleet.Provider.ApplyAsync(
            new PlannedAction(ActionKind.Delete, fleet.Name, "rpc", "rpc-0", "local", null, created.Node, "prune"), fleet.Scope, CancellationToken.None);

        Assert.Equal(ActionOutcome.Succeeded, deleted.Outcome);
        Assert.False(LocalTestFleet.IsAlive(pid));
        Assert.Empty(await fleet.ObserveAsync());
        Assert.Empty(fleet.FleetProcesses());
        // A graceful stop: the node said so in its log.
        Assert.Contains("stopping", await File.ReadAllTextAsync(fleet.Provider.LogPath(fleet.Name, "rpc-0")));
    }

    [Fact]
    public async Task BogusExecutable_IsAFailedResultNamingTheNode()
    {
        await using var fleet = new LocalTestFleet();
        var provider = fleet.NewProvider(["/nonexistent/bin/gitopsfleet"]);

        var result = await provider.ApplyAsync(LocalTestFleet.Create(fleet.Node("rpc", "rpc-7")), fleet.Scope, CancellationToken.None);

        Assert.Equal(ActionOutcome.Failed, result.Outcome);
        Assert.Contains("rpc-7", result.Message);
        Assert.Contains(result.Details, line => line.Contains("/nonexistent/bin/gitopsfleet"));
        Assert.Empty(await fleet.ObserveAsync(provider));
    }

    [Fact]
    public async Task NodeThatNeverAnswers_IsKilledAndFailsAfterTheStartTimeout()
    {
        await using var fleet = new LocalTestFleet();
        // A program that runs but never serves /healthz; its odd duration lets the test find it in /proc.
        var provider = fleet.NewProvider(["/bin/sh", "-c", "echo warming up; exec sleep 47.31", "sh"], TimeSpan.FromSeconds(1));

        var result = await provider.ApplyAsync(LocalTestFleet.Create(fleet.Node("rpc", "rpc-3")), fleet.Scope, CancellationToken.None);

        Assert.Equal(ActionOutcome.Failed, result.Outcome);
        Assert.Contains("rpc-3", result.Message);
        Assert.Contains("/healthz", result.Message);
        Assert.Contains("warming up", result.Details);
        await LocalTestFleet.WaitUntilAsync(() => Task.FromResult(!SleepRuns()), TimeSpan.FromSeconds(5), "the hung node to be killed");
        Assert.Empty(await fleet.ObserveAsync(provider));

        static bool SleepRuns() => Directory.EnumerateDirectories("/proc").Any(d =>
        {
            try { return File.ReadAllText(Path.Combine(d, "cmdline")).Contains("47.31") && LocalTestFleet.IsAlive(int.Parse(Path.GetFileName(d))); }
            catch (Exception e) when (e is IOException or UnauthorizedAccessException or FormatException) { return false; }
        });
    }

    [Fact]
    public async Task FailingHealthCheck_IsUnhealthy()
    {
        await using var fleet = new LocalTestFleet();
        var created = await fleet.CreateAsync(fleet.Node("rpc", "rpc-0"));

        using var post = await Http.PostAsJsonAsync(created.Node!.Address + "/simulate", new { healthy = false });
        post.EnsureSuccessStatusCode();

        var node = Assert.Single(await fleet.ObserveAsync());
        Assert.Equal(NodeState.Unhealthy, node.State);
        Assert.True(node.Managed);
    }

    [Fact]
    public async Task PoolLoad_IsSharedBetweenThePoolsLiveNodes()
    {
        await using var fleet = new LocalTestFleet();
        var nodes = await Task.WhenAll(fleet.CreateAsync(fleet.Node("rpc", "rpc-0")), fleet.CreateAsync(fleet.Node("rpc", "rpc-1")));
        fleet.Provider.SetPoolLoad(fleet.Name, "rpc", new SimulatedLoad(Rps: 400));
        var address = nodes[0].Node!.Address!;
        // Real clock: the node is another process that re-reads its knobs every 250 ms of its own time.
        await Task.Delay(300);

        var (r1, t1) = (await Requests(address), Stopwatch.GetTimestamp());
        // Real clock: the rate is what the node process serves per second of real time, measured over this window.
        await Task.Delay(1500);
        var (r2, t2) = (await Requests(address), Stopwatch.GetTimestamp());
        var rate = (r2 - r1) / Stopwatch.GetElapsedTime(t1, t2).TotalSeconds;

        // 400 requests per second shared by two nodes (alone it would be 400, idle about 2); the
        // margin absorbs scrape delays on a busy machine.
        Assert.InRange(rate, 120, 280);

        static async Task<double> Requests(string address)
        {
            var text = await Http.GetStringAsync(address + "/metrics");
            var line = text.Split('\n').Single(l => l.StartsWith("rpc_requests ", StringComparison.Ordinal));
            return double.Parse(line["rpc_requests ".Length..], System.Globalization.CultureInfo.InvariantCulture);
        }
    }

    [Fact]
    public async Task StopAll_StopsRecordedAndHandStartedNodes()
    {
        await using var fleet = new LocalTestFleet();
        var created = await fleet.CreateAsync(fleet.Node("rpc", "rpc-0"));
        var argv = LocalTestFleet.CommandLine(int.Parse(created.Node!.ProviderId!));
        argv[Array.IndexOf(argv, "--name") + 1] = "stray";
        LocalTestFleet.StartByHand(argv);
        await LocalTestFleet.WaitUntilAsync(async () => (await fleet.ObserveAsync()).Any(n => n.Name == "stray" && n.State == NodeState.Running),
            TimeSpan.FromSeconds(20), "the stray node to answer");

        var stopped = await fleet.Provider.StopAllAsync(fleet.Name, CancellationToken.None);

        Assert.Equal(2, stopped);
        Assert.Empty(fleet.FleetProcesses());
        Assert.Empty(await fleet.ObserveAsync());
    }
}
