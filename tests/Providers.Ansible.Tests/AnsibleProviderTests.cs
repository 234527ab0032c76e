using System.Runtime.Versioning;
using System.Text.Json;
using GitOpsFleet.Model;

namespace GitOpsFleet.Providers.Ansible.Tests;

[Collection(AnsibleCollection.Name)]
[SupportedOSPlatform("linux")]
public sealed class AnsibleProviderTests : IDisposable
{
    private readonly TestRepository _repo = new();
    private readonly AnsibleProvider _provider = new(TestRepository.Options());

    public void Dispose() => _repo.Dispose();

    [Fact]
    public async Task Availability_WithDebianAnsible_IsAvailable()
    {
        var pool = TestRepository.Pool();
        var availability = await _provider.CheckAvailabilityAsync(_repo.Scope(pool), CancellationToken.None);
        Assert.True(availability.IsAvailable, availability.Reason);
    }

    [Fact]
    public async Task Availability_PlaybookCommandMissing_SaysItIsNotInstalled()
    {
        var options = TestRepository.Options();
        options.PlaybookCommand = Path.Combine(_repo.Root, "no-such-dir", "ansible-playbook");
        var provider = new AnsibleProvider(options);
        var availability = await provider.CheckAvailabilityAsync(_repo.Scope(TestRepository.Pool()), CancellationToken.None);
        Assert.False(availability.IsAvailable);
        Assert.Contains("ansible-playbook is not installed", availability.Reason);
    }

    [Fact]
    public async Task Availability_CallbackMissing_SaysWhichCollectionToInstall()
    {
        // An installation without ansible.posix: ansible-doc answers "{}" for an unknown plugin, as the real one does.
        var bin = Path.Combine(_repo.Root, "bin");
        Directory.CreateDirectory(bin);
        WriteScript(Path.Combine(bin, "ansible-playbook"), "#!/bin/sh\nexit 0\n");
        WriteScript(Path.Combine(bin, "ansible-doc"), "#!/bin/sh\necho '{}'\n");
        var options = TestRepository.Options();
        options.PlaybookCommand = Path.Combine(bin, "ansible-playbook");
        var availability = await new AnsibleProvider(options).CheckAvailabilityAsync(_repo.Scope(TestRepository.Pool()), CancellationToken.None);
        Assert.False(availability.IsAvailable);
        Assert.Contains("ansible.posix.json callback is missing", availability.Reason);
    }

    [Fact]
    public async Task Availability_WithDebianAnsible_FindsTheCallbackFile_WithoutStartingAProcess()
    {
        var started = new List<int>();
        var provider = new AnsibleProvider(TestRepository.Options()) { ProcessStarted = started.Add };
        var availability = await provider.CheckAvailabilityAsync(_repo.Scope(TestRepository.Pool()), CancellationToken.None);
        Assert.True(availability.IsAvailable, availability.Reason);
        Assert.Empty(started);
    }

    [Fact]
    public async Task Availability_FleetWithoutAnsiblePools_IsNotLookedFor()
    {
        var started = new List<int>();
        var options = TestRepository.Options();
        options.PlaybookCommand = Path.Combine(_repo.Root, "no-such-dir", "ansible-playbook");
        var provider = new AnsibleProvider(options) { ProcessStarted = started.Add };
        var local = TestRepository.Pool() with { Provider = "local", Ansible = null };
        var scope = _repo.Scope(local) with { Pools = [] };
        Assert.True((await provider.CheckAvailabilityAsync(scope, CancellationToken.None)).IsAvailable);
        Assert.Empty(await provider.ObserveAsync(scope, CancellationToken.None));
        Assert.Empty(started);
    }

    [Fact]
    public async Task Inventory_IsListedOncePerScope_ForObserveAndLayout()
    {
        var started = new List<int>();
        var provider = new AnsibleProvider(TestRepository.Options()) { ProcessStarted = started.Add };
        var pool = TestRepository.Pool();
        var scope = _repo.Scope(pool);
        var first = await provider.LayoutAsync(scope, pool, 1, CancellationToken.None);
        var again = await provider.LayoutAsync(scope, pool, 1, CancellationToken.None);
        Assert.Equal(first.Select(n => n.Name), again.Select(n => n.Name));
        Assert.Single(started);
        // A new run (a new scope, even one equal in value) lists the inventory again: hosts may have been added.
        await provider.LayoutAsync(_repo.Scope(pool), pool, 1, CancellationToken.None);
        Assert.Equal(2, started.Count);
    }

    [Fact]
    public async Task Layout_ReturnsOneNodePerHostOfTheGroup()
    {
        var pool = TestRepository.Pool();
        var nodes = await _provider.LayoutAsync(_repo.Scope(pool), pool, replicas: 1, CancellationToken.None);
        Assert.Equal(["h1", "h2", "h3", TestRepository.Unreachable], nodes.Select(n => n.Name));
        Assert.All(nodes, n => Assert.Equal("bare", n.Pool));
        Assert.All(nodes, n => Assert.Equal("1.14.12", n.Software.Version));
    }

    [Fact]
    public async Task Layout_GroupMissingFromInventory_Throws()
    {
        var pool = TestRepository.Pool() with { Ansible = new AnsibleSpec("ansible/inventory.ini", "nope", "ansible/site.yml", null) };
        var error = await Assert.ThrowsAsync<AnsibleException>(() => _provider.LayoutAsync(_repo.Scope(pool), pool, 1, CancellationToken.None).AsTask());
        Assert.Contains("group nope is not in the inventory", error.Message);
    }

    [Fact]
    public async Task Apply_ThenObserve_PlanIsAtZero_AndTheUnreachableHostIsReportedByName()
    {
        var pool = TestRepository.Pool();
        var scope = _repo.Scope(pool);
        foreach (var host in TestRepository.LocalHosts)
        {
            var result = await _provider.ApplyAsync(TestRepository.Action(ActionKind.Create, scope, pool, host), scope, CancellationToken.None);
            Assert.True(result.Outcome == ActionOutcome.Succeeded, result.Message + string.Join('\n', result.Details));
            Assert.Contains("version=1.14.12", File.ReadAllText(_repo.ConfigFile(host)));
        }

        var observed = await _provider.ObserveAsync(scope, CancellationToken.None);

        Assert.Equal(["h1", "h2", "h3", TestRepository.Unreachable], observed.Select(n => n.Name));
        foreach (var node in observed.Where(n => n.Name != TestRepository.Unreachable))
        {
            Assert.Equal(NodeState.Running, node.State);
            Assert.Null(node.ProviderDrift);
            Assert.True(node.Managed);
            Assert.Equal("mainnet", node.Labels[AnsibleProvider.FleetLabel]);
            Assert.Equal("bare", node.Labels[AnsibleProvider.PoolLabel]);
        }
        var offline = observed.Single(n => n.Name == TestRepository.Unreachable);
        Assert.Equal(NodeState.Unhealthy, offline.State);
        Assert.StartsWith("unreachable:", offline.StateReason);
        Assert.Equal("127.0.0.1", offline.Address);
        // A host of another group of the same inventory was never touched.
        Assert.False(Directory.Exists(_repo.TargetDirectory("stranger")));
    }

    [Fact]
    public async Task Observe_FileEditedByHand_IsDriftWithTheDiff_AndUpdateHealsIt()
    {
        var pool = TestRepository.Pool();
        var scope = _repo.Scope(pool);
        foreach (var host in TestRepository.LocalHosts)
        {
            await _provider.ApplyAsync(TestRepository.Action(ActionKind.Create, scope, pool, host), scope, CancellationToken.None);
        }
        var config = _repo.ConfigFile("h2");
        var original = File.ReadAllText(config);
        File.WriteAllText(config, original.Replace("version=1.14.12", "version=0.0.1-by-hand", StringComparison.Ordinal));

        var observed = await _provider.ObserveAsync(scope, CancellationToken.None);

        var h2 = observed.Single(n => n.Name == "h2");
        var drift = Assert.Single(h2.ProviderDrift!);
        Assert.StartsWith("config file: would change", drift);
        Assert.Contains("-version=0.0.1-by-hand", drift);
        Assert.Contains("+version=1.14.12", drift);
        Assert.Contains(config, drift);
        Assert.Null(observed.Single(n => n.Name == "h1").ProviderDrift);
        // Check mode must not have touched the file.
        Assert.Contains("0.0.1-by-hand", File.ReadAllText(config));

        var heal = await _provider.ApplyAsync(TestRepository.Action(ActionKind.Update, scope, pool, "h2"), scope, CancellationToken.None);

        Assert.Equal(ActionOutcome.Succeeded, heal.Outcome);
        Assert.Contains("h2: changed config file", heal.Details);
        Assert.Equal(original, File.ReadAllText(config));
        var after = await _provider.ObserveAsync(scope, CancellationToken.None);
        Assert.All(after.Where(n => n.State == NodeState.Running), n => Assert.Null(n.ProviderDrift));
    }

    [Fact]
    public async Task Observe_NewVersionInGit_EveryReachableHostWouldChange()
    {
        var pool = TestRepository.Pool();
        var scope = _repo.Scope(pool);
        foreach (var host in TestRepository.LocalHosts)
        {
            await _provider.ApplyAsync(TestRepository.Action(ActionKind.Create, scope, pool, host), scope, CancellationToken.None);
        }
        var upgraded = TestRepository.Pool(version: "1.15.0");

        var observed = await _provider.ObserveAsync(_repo.Scope(upgraded), CancellationToken.None);

        foreach (var host in TestRepository.LocalHosts)
        {
            var drift = observed.Single(n => n.Name == host).ProviderDrift;
            Assert.NotNull(drift);
            Assert.Contains(drift, d => d.Contains("+version=1.15.0", StringComparison.Ordinal));
        }
    }

    [Fact]
    public async Task Apply_UnreachableHost_IsRetry_NeverApplied()
    {
        var pool = TestRepository.Pool();
        var scope = _repo.Scope(pool);
        var result = await _provider.ApplyAsync(TestRepository.Action(ActionKind.Create, scope, pool, TestRepository.Unreachable), scope, CancellationToken.None);
        Assert.Equal(ActionOutcome.Retry, result.Outcome);
        Assert.Contains($"{TestRepository.Unreachable} is unreachable", result.Message);
        Assert.Null(result.Node);
        Assert.Contains(result.Details, d => d.StartsWith($"{TestRepository.Unreachable}: unreachable", StringComparison.Ordinal));
    }

    [Fact]
    public async Task Apply_FailingHost_IsFailedWithTheTask_WhileOthersSucceed()
    {
        using var repo = new TestRepository(new Dictionary<string, string> { ["h3"] = "fail_here=true" });
        var pool = TestRepository.Pool();
        var scope = repo.Scope(pool);

        var failed = await _provider.ApplyAsync(TestRepository.Action(ActionKind.Create, scope, pool, "h3"), scope, CancellationToken.None);
        var ok = await _provider.ApplyAsync(TestRepository.Action(ActionKind.Create, scope, pool, "h1"), scope, CancellationToken.None);

        Assert.Equal(ActionOutcome.Failed, failed.Outcome);
        Assert.Null(failed.Node);
        Assert.Contains("failed at task fail on purpose: host h3 was told to fail", failed.Message);
        Assert.Contains("h3: changed config file", failed.Details);
        Assert.Contains(failed.Details, d => d.StartsWith("h3: failed fail on purpose", StringComparison.Ordinal));
        Assert.Equal(ActionOutcome.Succeeded, ok.Outcome);
        Assert.Equal(NodeState.Running, ok.Node!.State);
    }

    [Fact]
    public async Task Apply_HostOfAnotherGroup_IsRefused()
    {
        var pool = TestRepository.Pool();
        var scope = _repo.Scope(pool);
        var result = await _provider.ApplyAsync(TestRepository.Action(ActionKind.Create, scope, pool, "stranger"), scope, CancellationToken.None);
        Assert.Equal(ActionOutcome.Failed, result.Outcome);
        Assert.False(Directory.Exists(_repo.TargetDirectory("stranger")));
    }

    [Fact]
    public async Task Apply_ExtraVarsTravelAsJson_WithoutShellQuotingOrTemplating()
    {
        const string greeting = "it's \"quoted\" $(touch /nonexistent) ; `x` \\ ü";
        const string label = "{{ lookup('pipe', 'id') }}";
        var pool = TestRepository.Pool(vars: new { greeting, software = "must not win" }) with
        {
            Labels = new Dictionary<string, string> { ["role"] = "rpc", ["note"] = label },
        };
        var scope = _repo.Scope(pool, maxParallel: 3);

        var result = await _provider.ApplyAsync(TestRepository.Action(ActionKind.Create, scope, pool, "h1"), scope, CancellationToken.None);

        Assert.True(result.Outcome == ActionOutcome.Succeeded, result.Message);
        using var received = JsonDocument.Parse(File.ReadAllText(Path.Combine(_repo.TargetDirectory("h1"), "vars.json")));
        var root = received.RootElement;
        Assert.Equal(greeting, root.GetProperty("greeting").GetString());
        // Spec values are data: a template in a label arrives as text and is never run.
        Assert.Equal(label, root.GetProperty("labels").GetProperty("note").GetString());
        Assert.Equal("rpc", root.GetProperty("labels").GetProperty("role").GetString());
        Assert.Equal("8c-32g", root.GetProperty("machine").GetProperty("size").GetString());
        Assert.Equal(TestRepository.Options().StateDirectory, root.GetProperty("state_dir").GetString());
        var config = File.ReadAllText(_repo.ConfigFile("h1"));
        Assert.Contains("software=geth", config);
        Assert.Contains("fleet=mainnet", config);
        Assert.Contains("pool=bare", config);
        // maxParallel became --forks.
        Assert.Contains("forks=3", config);
    }

    [Fact]
    public async Task Delete_RunsWithStateAbsent()
    {
        var pool = TestRepository.Pool();
        var scope = _repo.Scope(pool);
        await _provider.ApplyAsync(TestRepository.Action(ActionKind.Create, scope, pool, "h1"), scope, CancellationToken.None);
        Assert.True(File.Exists(_repo.ConfigFile("h1")));

        var result = await _provider.ApplyAsync(TestRepository.Action(ActionKind.Delete, scope, pool, "h1"), scope, CancellationToken.None);

        Assert.Equal(ActionOutcome.Succeeded, result.Outcome);
        Assert.Contains("gitopsfleet_state=absent", result.Message);
        Assert.False(Directory.Exists(_repo.TargetDirectory("h1")));
    }

    [Fact]
    public async Task Delete_PoolNoLongerInGit_IsSkipped()
    {
        var pool = TestRepository.Pool();
        var scope = _repo.Scope(pool) with { Pools = [] };
        var result = await _provider.ApplyAsync(TestRepository.Action(ActionKind.Delete, scope, pool, "h1"), scope, CancellationToken.None);
        Assert.Equal(ActionOutcome.Skipped, result.Outcome);
    }

    [Fact]
    public async Task Observe_BrokenPlaybook_ReportsEveryHostWithTheError()
    {
        File.WriteAllText(Path.Combine(_repo.RepoDirectory, "ansible", "site.yml"), "- hosts: all\n  tasks:\n    - name: x\n      no_such_module_anywhere: {}\n");
        var pool = TestRepository.Pool();
        var observed = await _provider.ObserveAsync(_repo.Scope(pool), CancellationToken.None);
        Assert.Equal(4, observed.Count);
        Assert.All(observed, n => Assert.Equal(NodeState.Unhealthy, n.State));
        Assert.All(observed, n => Assert.Contains("no_such_module_anywhere", n.StateReason));
    }

    private static void WriteScript(string path, string text)
    {
        File.WriteAllText(path, text);
        File.SetUnixFileMode(path, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute);
    }
}
