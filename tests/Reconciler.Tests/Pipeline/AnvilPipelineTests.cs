using GitOpsFleet.Reconciler.Tests.Support;

namespace GitOpsFleet.Reconciler.Tests.Pipeline;

/// <summary>
/// The spine on Foundry's real anvil: a real Git repository, the real gitopsfleet program, and anvil processes
/// the local provider starts and observes over their own JSON-RPC. Skipped, saying how to get anvil, without it.
/// </summary>
public sealed class AnvilPipelineTests : IDisposable
{
    private readonly TempDirectory _temp = new("anvil");
    private readonly string _fleet = "a" + Guid.NewGuid().ToString("N")[..8];
    private readonly CliRunner _cli;
    private readonly FleetRepository _repo;

    public AnvilPipelineTests()
    {
        _cli = new CliRunner(_temp.Combine("home"));
        _repo = new FleetRepository(_temp.Combine("fleet-repo"));
        _repo.Write("fleet.yaml", $$"""
                apiVersion: gitopsfleet.dev/v1
                kind: Fleet
                metadata:
                  name: {{_fleet}}
                spec:
                  reconcile: {interval: 1m, mode: auto, prune: true, maxParallel: 4}
                  drift: {action: pull-request}
                  forge: {kind: local}
                """)
            .Write("pools/devnet.yaml", """
                apiVersion: gitopsfleet.dev/v1
                kind: NodePool
                metadata:
                  name: devnet
                  labels: {role: devnet}
                spec:
                  provider: local
                  machine: {size: local-small}
                  software: {name: anvil, version: 1.7.1}
                  replicas: {min: 2, max: 2}
                  storage: {sizeGiB: 1, encrypted: true}
                """)
            .Commit("devnet pool of two anvil nodes");
    }

    private Task<CliResult> RunAsync(string? clientsFolder, params string[] args) =>
        _cli.RunWithAsync(new Dictionary<string, string> { ["GITOPSFLEET__Providers__Local__ClientsFolder"] = clientsFolder ?? _temp.Combine("no-clients") }, args);

    [SkippableFact]
    public async Task ReconcileOnce_StartsTwoAnvils_KilledOneIsDriftAndReplaced_AnotherChainIdIsDrift()
    {
        var folder = AnvilClient.ClientsFolder();
        Skip.If(folder is null, AnvilClient.MissingMessage);

        var first = await RunAsync(folder, "reconcile", "--once", "--repo", _repo.Path);
        Assert.True(first.ExitCode == 0, first.ToString());
        var nodes = AnvilProcesses();
        Assert.Equal(["devnet-0", "devnet-1"], nodes.Select(n => n.Name));
        Assert.Equal(0, (await RunAsync(folder, "plan", "--repo", _repo.Path)).ExitCode);
        // The run record keeps what each client said about itself, and `runs show` prints it.
        var shown = await RunAsync(folder, "runs", "show", "2");
        Assert.Contains(shown.Stdout.Split('\n'), l => l.Contains("devnet-0", StringComparison.Ordinal) && l.Contains("[anvil/v1.7.1", StringComparison.Ordinal) && l.Contains(", chain ", StringComparison.Ordinal));

        // Killed: missing drift, and the next reconcile starts a new anvil in its place.
        var victim = nodes.Single(n => n.Name == "devnet-1");
        System.Diagnostics.Process.GetProcessById(victim.Pid).Kill();
        await Eventually.UntilAsync(() => AnvilProcesses().All(n => n.Pid != victim.Pid), TimeSpan.FromSeconds(10), "the killed anvil to exit");
        var drift = await RunAsync(folder, "drift", "--repo", _repo.Path);
        Assert.True(drift.ExitCode == 2, drift.ToString());
        Assert.Contains("devnet-1", drift.Stdout, StringComparison.Ordinal);
        Assert.Contains("| devnet-1 | missing |", _repo.ReadOnBranch($"gitopsfleet/drift/{_fleet}", $"reports/drift/{_fleet}.md"), StringComparison.Ordinal);
        var heal = await RunAsync(folder, "reconcile", "--once", "--repo", _repo.Path);
        Assert.True(heal.ExitCode == 0, heal.ToString());
        var replaced = AnvilProcesses().Single(n => n.Name == "devnet-1");
        Assert.NotEqual(victim.Pid, replaced.Pid);
        Assert.Equal(0, (await RunAsync(folder, "drift", "--repo", _repo.Path)).ExitCode);

        // Restarted by hand on chain 999 from its own command line and environment: drift, as anvil itself says.
        var restartedFrom = AnvilProcesses().Single(n => n.Name == "devnet-0");
        var argv = File.ReadAllText($"/proc/{restartedFrom.Pid}/cmdline").TrimEnd('\0').Split('\0');
        var environment = File.ReadAllText($"/proc/{restartedFrom.Pid}/environ").TrimEnd('\0').Split('\0');
        System.Diagnostics.Process.GetProcessById(restartedFrom.Pid).Kill();
        await Eventually.UntilAsync(() => AnvilProcesses().All(n => n.Pid != restartedFrom.Pid), TimeSpan.FromSeconds(10), "the anvil to exit");
        argv[Array.IndexOf(argv, "--chain-id") + 1] = "999";
        StartByHand(["env", "-i", .. environment, .. argv]);
        await Eventually.UntilAsync(() => AnvilProcesses().Any(n => n.Name == "devnet-0"), TimeSpan.FromSeconds(10), "the hand-started anvil");

        var changed = await RunAsync(folder, "drift", "--repo", _repo.Path);
        Assert.True(changed.ExitCode == 2, changed.ToString());
        Assert.Contains("999", changed.Stdout, StringComparison.Ordinal);
        Assert.Contains("| devnet-0 | changed |", _repo.ReadOnBranch($"gitopsfleet/drift/{_fleet}", $"reports/drift/{_fleet}.md"), StringComparison.Ordinal);
    }

    /// <summary>
    /// Most of a pool restarted while its nodes report in sync is needless disruption: the nodes to be replaced or
    /// updated that the client itself says are in sync (running, <c>eth_syncing</c> false) may be at most half the pool.
    /// </summary>
    private const string InSyncPolicy = """
        package fleet.plan

        import rego.v1

        in_sync(name) := n if {
        	some n in input.observed
        	n.name == name
        	n.state == "running"
        	n.client.syncing == false
        }

        deny contains {"msg": msg, "pool": pool.name} if {
        	some pool in input.fleet.pools
        	synced := [sprintf("%s (%s, %s, chain %d, block %d)", [n.name, n.labels.role, n.client.version, n.client.chainId, n.client.head]) |
        		some a in input.plan.actions
        		a.pool == pool.name
        		a.kind in {"replace", "update"}
        		n := in_sync(a.node)
        	]
        	count(synced) * 2 > pool.replicas.desired
        	msg := sprintf("%d of %d nodes of pool %s would be restarted while they report in sync: %s", [count(synced), pool.replicas.desired, pool.name, concat(", ", synced)])
        }
        """;

    [SkippableFact]
    public async Task PlanPolicy_SeesTheClientsOwnAnswers_DeniesRestartingMostOfAnInSyncPool_AllowsOneDeadOrStoppedClients()
    {
        var folder = AnvilClient.ClientsFolder();
        Skip.If(folder is null, AnvilClient.MissingMessage);
        _repo.Write("policies/fleet/plan.rego", InSyncPolicy).Commit("no restart of most of an in-sync pool");

        var first = await RunAsync(folder, "reconcile", "--once", "--repo", _repo.Path);
        Assert.True(first.ExitCode == 0, first.ToString());
        var nodes = AnvilProcesses();
        Assert.Equal(2, nodes.Count);

        // One of two replaced after it died: not most of the pool, and a dead node reports nothing. Allowed.
        var victim = nodes.Single(n => n.Name == "devnet-1");
        System.Diagnostics.Process.GetProcessById(victim.Pid).Kill();
        await Eventually.UntilAsync(() => AnvilProcesses().All(n => n.Pid != victim.Pid), TimeSpan.FromSeconds(10), "the killed anvil to exit");
        var heal = await RunAsync(folder, "reconcile", "--once", "--repo", _repo.Path);
        Assert.True(heal.ExitCode == 0, heal.ToString());
        Assert.NotEqual(victim.Pid, AnvilProcesses().Single(n => n.Name == "devnet-1").Pid);

        // A label changed in Git updates both nodes while anvil says both are in sync: denied, naming what each client said.
        _repo.Write("pools/devnet.yaml", File.ReadAllText(Path.Combine(_repo.Path, "pools/devnet.yaml")).Replace("{role: devnet}", "{role: devnet, tier: b}", StringComparison.Ordinal))
            .Commit("tier b");
        var denied = await RunAsync(folder, "plan", "--repo", _repo.Path);
        Assert.True(denied.ExitCode == 1, denied.ToString());
        Assert.Matches(@"2 of 2 nodes of pool devnet would be restarted while they report in sync: devnet-0 \(devnet, anvil/v1\.7\.1, chain 31337, block \d+\), devnet-1 \(devnet, anvil/v1\.7\.1, chain 31337, block \d+\)", denied.All);

        // The same plan over clients that do not answer (stopped): nothing reports in sync, so the policy allows it.
        var stopped = AnvilProcesses();
        try
        {
            foreach (var (pid, _) in stopped) Signal("-STOP", pid);
            await Eventually.UntilAsync(() => stopped.All(n => StateOf(n.Pid) == 'T'), TimeSpan.FromSeconds(5), "the anvils to stop");
            var allowed = await RunAsync(folder, "plan", "--repo", _repo.Path);
            Assert.True(allowed.ExitCode == 2, allowed.ToString());
            Assert.DoesNotContain("report in sync", allowed.All, StringComparison.Ordinal);
        }
        finally
        {
            foreach (var (pid, _) in stopped) Signal("-CONT", pid);
        }
    }

    [SkippableFact]
    public async Task ScalingScript_ReadsTheAnvilsHeadsAndChainThroughMetrics_FromTheRunsObservation()
    {
        var folder = AnvilClient.ClientsFolder();
        Skip.If(folder is null, AnvilClient.MissingMessage);
        _repo.Write("pools/devnet.yaml", File.ReadAllText(Path.Combine(_repo.Path, "pools/devnet.yaml"))
                .Replace("replicas: {min: 2, max: 2}", "replicas: {min: 1, max: 3}\n  scaling: {script: scaling/devnet.csx, every: 1m}", StringComparison.Ordinal))
            .Write("scaling/devnet.csx", """
                // Two members first; a third once both answer on chain 31337 within 5 blocks of each other.
                var heads = Metrics.QueryAll("gitopsfleet_node_head_block");
                var chains = Metrics.QueryAll("gitopsfleet_node_chain_id");
                if (heads.Count < 2) return 2;
                var lag = heads.Max(h => h.Value) - heads.Min(h => h.Value);
                Log.Info($"lag {lag} blocks between {heads.Count} members");
                return lag <= 5 && chains.Count == 2 && chains.All(c => c.Value == 31337) ? 3 : 2;
                """)
            .Commit("devnet scales on its members' heads");

        var first = await RunAsync(folder, "reconcile", "--once", "--repo", _repo.Path);
        Assert.True(first.ExitCode == 0, first.ToString());
        Assert.Equal(["devnet-0", "devnet-1"], AnvilProcesses().Select(n => n.Name));

        var plan = await RunAsync(folder, "plan", "--repo", _repo.Path);
        Assert.True(plan.ExitCode == 2, plan.ToString());
        Assert.Contains("devnet-2", plan.Stdout, StringComparison.Ordinal);
    }

    private static void Signal(string signal, int pid)
    {
        using var kill = System.Diagnostics.Process.Start("kill", [signal, pid.ToString(System.Globalization.CultureInfo.InvariantCulture)])!;
        kill.WaitForExit();
    }

    private static char StateOf(int pid)
    {
        var stat = File.ReadAllText($"/proc/{pid}/stat");
        return stat[stat.LastIndexOf(')') + 2];
    }

    [Fact]
    public async Task MissingAnvil_SkipsThePoolInOneLine_AndStartsNothing()
    {
        _repo.Write("pools/rpc.yaml", """
                apiVersion: gitopsfleet.dev/v1
                kind: NodePool
                metadata:
                  name: rpc
                  labels: {role: rpc}
                spec:
                  provider: local
                  machine: {size: local-small}
                  software: {name: geth, version: 1.16.7}
                  replicas: {min: 1, max: 1}
                  storage: {sizeGiB: 1, encrypted: true}
                """).Commit("an rpc pool beside the devnet");
        // PATH without anvil, and an empty clients folder.
        var result = await _cli.RunWithAsync(new Dictionary<string, string>
        {
            ["GITOPSFLEET__Providers__Local__ClientsFolder"] = Directory.CreateDirectory(_temp.Combine("no-clients")).FullName,
            ["PATH"] = "/usr/bin:/bin",
        }, "plan", "--repo", _repo.Path);
        Assert.True(result.ExitCode == 2, result.ToString());
        Assert.Contains("pool devnet skipped: anvil 1.7.1 is not installed", result.All, StringComparison.Ordinal);
        Assert.Contains("rpc-0", result.Stdout, StringComparison.Ordinal);
        Assert.DoesNotContain("devnet-0", result.Stdout, StringComparison.Ordinal);
        Assert.Empty(AnvilProcesses());
    }

    /// <summary>This fleet's anvil processes, found by the identity the provider puts in their environment.</summary>
    private List<(int Pid, string Name)> AnvilProcesses()
    {
        var found = new List<(int, string)>();
        var marker = $"\"--fleet\",\"{_fleet}\"";
        foreach (var dir in Directory.EnumerateDirectories("/proc"))
        {
            if (!int.TryParse(Path.GetFileName(dir), out var pid)) continue;
            try
            {
                var environ = File.ReadAllText(Path.Combine(dir, "environ"));
                if (!environ.Contains(marker, StringComparison.Ordinal)) continue;
                var stat = File.ReadAllText(Path.Combine(dir, "stat"));
                if (stat[(stat.LastIndexOf(')') + 2)..][0] is 'Z' or 'X') continue;
                var nameAt = environ.IndexOf("\"--name\",\"", StringComparison.Ordinal) + 10;
                found.Add((pid, environ[nameAt..environ.IndexOf('"', nameAt)]));
            }
            catch (IOException) { }
            catch (UnauthorizedAccessException) { }
        }
        return found.OrderBy(n => n.Item2, StringComparer.Ordinal).ToList();
    }

    private static void StartByHand(IReadOnlyList<string> argv)
    {
        var start = new System.Diagnostics.ProcessStartInfo("/bin/sh") { UseShellExecute = false };
        foreach (var a in new[] { "-c", "exec setsid \"$@\" >/dev/null 2>&1 </dev/null", "sh" }) start.ArgumentList.Add(a);
        foreach (var a in argv) start.ArgumentList.Add(a);
        using var process = System.Diagnostics.Process.Start(start)!;
    }

    public void Dispose()
    {
        foreach (var (pid, _) in AnvilProcesses())
        {
            try { System.Diagnostics.Process.GetProcessById(pid).Kill(); } catch (ArgumentException) { } catch (InvalidOperationException) { }
        }
        _temp.Dispose();
    }
}
