using System.Diagnostics;
using System.Runtime.InteropServices;
using GitOpsFleet.Model;
using GitOpsFleet.Providers.Local;

namespace GitOpsFleet.Providers.Tests.Local.Clients;

/// <summary>The local provider running Foundry's real anvil and observing it over its own JSON-RPC.</summary>
public sealed class LocalProviderClientTests(Xunit.Abstractions.ITestOutputHelper output)
{
    private static DesiredNode Anvil(LocalTestFleet fleet, string name, string version = AnvilClient.Version, string? chainId = null)
    {
        var labels = new Dictionary<string, string> { ["role"] = "devnet" };
        if (chainId is not null) labels["chain-id"] = chainId;
        return new DesiredNode(fleet.Name, "devnet", name, "local", new SoftwareSpec("anvil", version), new MachineSpec(null, null), labels);
    }

    private static PoolSpec Pool(string version) => new("devnet", new Dictionary<string, string>(), "local", null, new MachineSpec(null, null),
        new SoftwareSpec("anvil", version), new ReplicaRange(1, 1), null, NetworkSpec.Default, StorageSpec.Default, ReplacementPolicy.Auto, null, "pools/devnet.yaml");

    [SkippableFact]
    public async Task Create_AnvilNode_ObservedRunningThroughItsOwnJsonRpc()
    {
        var folder = AnvilClient.ClientsFolder();
        Skip.If(folder is null, AnvilClient.MissingMessage);
        await using var fleet = new LocalTestFleet();
        var provider = fleet.NewProvider(clientsFolder: folder);

        var started = Stopwatch.StartNew();
        var result = await fleet.CreateAsync(Anvil(fleet, "devnet-0"), provider);
        output.WriteLine($"{result.Message} (wall {started.ElapsedMilliseconds} ms)");

        var node = Assert.Single(await fleet.ObserveAsync(provider));
        Assert.Equal(NodeState.Running, node.State);
        Assert.True(node.Managed);
        Assert.Equal(new SoftwareSpec("anvil", AnvilClient.Version), node.Software);
        Assert.False(node.Labels.ContainsKey("chain-id"));
        Assert.StartsWith("http://127.0.0.1:", node.Address, StringComparison.Ordinal);
        var pid = int.Parse(node.ProviderId!, System.Globalization.CultureInfo.InvariantCulture);
        Assert.Equal("anvil", Path.GetFileName(LocalTestFleet.CommandLine(pid)[0]));
        Assert.Contains("31337", LocalTestFleet.CommandLine(pid));
        // The client's own answers travel with the node, for policies and scaling scripts.
        var client = Assert.IsType<ClientFacts>(node.Client);
        Assert.Equal($"anvil/v{AnvilClient.Version}", client.Version);
        Assert.Equal(31337, client.ChainId);
        Assert.False(client.Syncing);
        Assert.True(client.Head >= 0, client.ToString());
        Assert.Null(client.Peers);
    }

    [SkippableFact]
    public async Task RestartedByHandOnAnotherChainId_ChainSeenThroughJsonRpc()
    {
        var folder = AnvilClient.ClientsFolder();
        Skip.If(folder is null, AnvilClient.MissingMessage);
        await using var fleet = new LocalTestFleet();
        var provider = fleet.NewProvider(clientsFolder: folder);
        var first = (await fleet.CreateAsync(Anvil(fleet, "devnet-0"), provider)).Node!;
        var pid = int.Parse(first.ProviderId!, System.Globalization.CultureInfo.InvariantCulture);

        // What an operator does: copy the command line and environment from /proc, stop it, start it on chain 999.
        var argv = LocalTestFleet.CommandLine(pid);
        var environment = File.ReadAllText($"/proc/{pid}/environ").TrimEnd('\0').Split('\0');
        Process.GetProcessById(pid).Kill();
        await LocalTestFleet.WaitUntilAsync(() => Task.FromResult(!LocalTestFleet.IsAlive(pid)), TimeSpan.FromSeconds(10), "the node to exit");
        var chain = Array.IndexOf(argv, "--chain-id");
        argv[chain + 1] = "999";
        var restarted = LocalTestFleet.StartByHand(["env", "-i", .. environment, .. argv]);

        await LocalTestFleet.WaitUntilAsync(async () => (await fleet.ObserveAsync(provider)).SingleOrDefault() is { State: NodeState.Running },
            TimeSpan.FromSeconds(20), "the restarted node to answer");
        var node = Assert.Single(await fleet.ObserveAsync(provider));
        Assert.True(node.Managed);
        Assert.Equal("999", node.Labels["chain-id"]);
        Assert.NotEqual(first.ProviderId, node.ProviderId);
        Assert.True(restarted > 0);
    }

    [SkippableFact]
    public async Task StoppedRpc_MarkedUnhealthyWithTheReason_WithinTheProbeTimeout()
    {
        var folder = AnvilClient.ClientsFolder();
        Skip.If(folder is null, AnvilClient.MissingMessage);
        await using var fleet = new LocalTestFleet();
        var provider = fleet.NewProvider(clientsFolder: folder, healthTimeout: TimeSpan.FromMilliseconds(500));
        var node = (await fleet.CreateAsync(Anvil(fleet, "devnet-0"), provider)).Node!;
        var pid = int.Parse(node.ProviderId!, System.Globalization.CultureInfo.InvariantCulture);

        // SIGSTOP: the socket stays open and accepts connections, but nothing answers, like a hung client.
        Assert.Equal(0, kill(pid, 19));
        try
        {
            // kill(2) only queues the stop: each of anvil's threads stops when it next reaches the kernel, and a
            // thread already serving could still answer the probe. The group stop is complete once the state is T.
            await Eventually.UntilAsync(() => StateOf(pid) == 'T', TimeSpan.FromSeconds(5), "anvil did not reach the stopped state");
            var clock = Stopwatch.StartNew();
            var observed = Assert.Single(await fleet.ObserveAsync(provider));
            clock.Stop();
            output.WriteLine($"{observed.StateReason} after {clock.ElapsedMilliseconds} ms");
            Assert.Equal(NodeState.Unhealthy, observed.State);
            Assert.Contains("did not answer within 0.5 s", observed.StateReason, StringComparison.Ordinal);
            Assert.Null(observed.Client);
            Assert.True(clock.Elapsed < TimeSpan.FromSeconds(2), $"observe took {clock.Elapsed}");
        }
        finally
        {
            kill(pid, 18);
        }
    }

    [SkippableFact]
    public async Task HeadThatStopsAdvancing_UnhealthyOnceHeadStallTimeoutHasPassed()
    {
        var folder = AnvilClient.ClientsFolder();
        Skip.If(folder is null, AnvilClient.MissingMessage);
        await using var fleet = new LocalTestFleet();
        var node = (await fleet.CreateAsync(Anvil(fleet, "devnet-0"), fleet.NewProvider(clientsFolder: folder))).Node!;
        // anvil's own switch: no more interval mining, so the head stays where it is while the client keeps answering.
        using var http = new HttpClient();
        using var stop = await http.PostAsync(new Uri(node.Address!),
            new StringContent("""{"jsonrpc":"2.0","id":1,"method":"evm_setIntervalMining","params":[0]}""", System.Text.Encoding.UTF8, "application/json"));
        stop.EnsureSuccessStatusCode();
        var time = new Microsoft.Extensions.Time.Testing.FakeTimeProvider(DateTimeOffset.UtcNow);
        using var observer = new LocalProvider(new LocalProviderOptions
        {
            StateDirectory = fleet.StateDirectory,
            NodeCommand = NodeProgramLocator.NodeCommand(),
            ClientsFolder = folder,
            HeadStallTimeout = TimeSpan.FromSeconds(15),
        }, time);

        Assert.Equal(NodeState.Running, Assert.Single(await observer.ObserveAsync(fleet.Scope, CancellationToken.None)).State);
        time.Advance(TimeSpan.FromSeconds(14));
        Assert.Equal(NodeState.Running, Assert.Single(await observer.ObserveAsync(fleet.Scope, CancellationToken.None)).State);
        time.Advance(TimeSpan.FromSeconds(2));
        var stalled = Assert.Single(await observer.ObserveAsync(fleet.Scope, CancellationToken.None));

        Assert.Equal(NodeState.Unhealthy, stalled.State);
        Assert.Matches(@"^head stuck at block \d+ for 16 s$", stalled.StateReason);
    }

    [SkippableFact]
    public async Task CheckPool_MissingBinaryOrOtherVersion_SaysWhyInOneLine()
    {
        var folder = AnvilClient.ClientsFolder();
        await using var fleet = new LocalTestFleet();
        var empty = Directory.CreateDirectory(Path.Combine(fleet.StateDirectory, "no-clients")).FullName;
        var without = fleet.NewProvider(clientsFolder: empty);
        if (!File.Exists("/usr/local/bin/anvil") && !File.Exists("/usr/bin/anvil"))
        {
            var missing = await without.CheckPoolAsync(fleet.Scope, Pool(AnvilClient.Version), CancellationToken.None);
            Assert.False(missing.IsAvailable);
            Assert.StartsWith("anvil 1.7.1 is not installed: no anvil executable in the clients folder", missing.Reason, StringComparison.Ordinal);
            Assert.EndsWith("; get it with: npm install --prefix .tools/anvil @foundry-rs/anvil-linux-amd64@1.7.1", missing.Reason, StringComparison.Ordinal);
            Assert.DoesNotContain('\n', missing.Reason!);
        }
        var geth = await without.CheckPoolAsync(fleet.Scope, Pool(AnvilClient.Version) with { Software = new SoftwareSpec("geth", "1.16.7") }, CancellationToken.None);
        Assert.True(geth.IsAvailable);

        Skip.If(folder is null, AnvilClient.MissingMessage);
        var with = fleet.NewProvider(clientsFolder: folder);
        Assert.True((await with.CheckPoolAsync(fleet.Scope, Pool("v1.7.1"), CancellationToken.None)).IsAvailable);
        var other = await with.CheckPoolAsync(fleet.Scope, Pool("1.6.0"), CancellationToken.None);
        Assert.False(other.IsAvailable);
        Assert.EndsWith("is anvil 1.7.1, the pool wants 1.6.0", other.Reason, StringComparison.Ordinal);
    }

    [DllImport("libc", SetLastError = true)]
#pragma warning disable SYSLIB1054 // a test needs SIGSTOP and SIGCONT on a pid; LibraryImport would need unsafe code.
    private static extern int kill(int pid, int sig);
#pragma warning restore SYSLIB1054

    /// <summary>The process state letter of /proc/PID/stat (the field after the parenthesised command name).</summary>
    private static char StateOf(int pid)
    {
        var stat = File.ReadAllText($"/proc/{pid}/stat");
        return stat[stat.LastIndexOf(')') + 2];
    }
}
