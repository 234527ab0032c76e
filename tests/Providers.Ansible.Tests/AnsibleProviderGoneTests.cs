using System.Runtime.Versioning;
using GitOpsFleet.Model;

namespace GitOpsFleet.Providers.Ansible.Tests;

/// <summary>
/// Doppelganger check through real ansible on the test inventory's local-connection hosts. This machine runs no systemd,
/// so systemctl is a script that answers as systemd would, except in the one test that asks the real one.
/// </summary>
[Collection(AnsibleCollection.Name)]
[SupportedOSPlatform("linux")]
public sealed class AnsibleProviderGoneTests : IDisposable
{
    private const string Unit = "lighthouse-validator.service";
    private readonly TestRepository _repo = new();

    public void Dispose() => _repo.Dispose();

    [Fact]
    public async Task ConfirmGone_UnitActive_SaysStillThere()
    {
        var reason = await ConfirmAsync("h1", Systemctl("loaded", "active"));

        Assert.NotNull(reason);
        Assert.Contains($"unit {Unit} of node h1 is still active", reason);
        // Exactly the pool's unit was asked about, on the host itself.
        Assert.Equal($"show --property=LoadState --property=ActiveState -- {Unit}", File.ReadAllText(Path.Combine(_repo.Root, "asked")).Trim());
    }

    [Theory]
    [InlineData("inactive")]
    [InlineData("failed")]
    public async Task ConfirmGone_UnitStopped_IsGone(string state) =>
        Assert.Null(await ConfirmAsync("h2", Systemctl("loaded", state)));

    [Fact]
    public async Task ConfirmGone_UnitUnknownToSystemd_SaysStillThere()
    {
        // systemd calls an unknown unit inactive: a misspelt name must not pass for a stopped validator.
        var reason = await ConfirmAsync("h1", Systemctl("not-found", "inactive"));

        Assert.NotNull(reason);
        Assert.Contains("LoadState=not-found", reason);
    }

    [Fact]
    public async Task ConfirmGone_HostUnreachable_SaysItCannotBeConfirmed_AndWhatToDo()
    {
        var reason = await ConfirmAsync(TestRepository.Unreachable, Systemctl("loaded", "inactive"));

        Assert.NotNull(reason);
        Assert.Contains($"host {TestRepository.Unreachable} is unreachable", reason);
        Assert.Contains("cannot confirm", reason);
        Assert.Contains($"take {TestRepository.Unreachable} out of group {TestRepository.Group}", reason);
    }

    [Fact]
    public async Task ConfirmGone_HostWithoutSystemd_SaysStillThere()
    {
        var reason = await ConfirmAsync("h3", systemctl: null);

        Assert.NotNull(reason);
        Assert.Contains("h3", reason);
    }

    [Fact]
    public async Task ConfirmGone_PoolNamesNoUnit_SaysWhatToSet_WithoutRunningAnsible()
    {
        var started = new List<int>();
        var provider = new AnsibleProvider(TestRepository.Options()) { ProcessStarted = started.Add };
        var pool = TestRepository.Pool() with { Replacement = ReplacementPolicy.Manual };
        var scope = _repo.Scope(pool);

        var reason = await provider.ConfirmGoneAsync(TestRepository.Action(ActionKind.Replace, scope, pool, "h1"), scope, CancellationToken.None);

        Assert.NotNull(reason);
        Assert.Contains($"ansible.vars.{AnsibleProvider.ServiceVariable}", reason);
        Assert.Empty(started);
    }

    [Fact]
    public async Task Observe_ManualPool_AReachableHostWhoseUnitStopped_IsDead_TheOthersAreNot()
    {
        var options = TestRepository.Options();
        options.SystemctlCommand = PerHostSystemctl(new Dictionary<string, string> { ["h1"] = "active", ["h2"] = "inactive", ["h3"] = "failed" });
        var pool = TestRepository.Pool(vars: new Dictionary<string, object> { [AnsibleProvider.ServiceVariable] = Unit }) with { Replacement = ReplacementPolicy.Manual };

        var nodes = (await new AnsibleProvider(options).ObserveAsync(_repo.Scope(pool), CancellationToken.None)).ToDictionary(n => n.Name);

        Assert.NotEqual(NodeState.Dead, nodes["h1"].State);
        Assert.Equal(NodeState.Dead, nodes["h2"].State);
        Assert.Equal($"unit {Unit} is stopped on its host", nodes["h2"].StateReason);
        Assert.Equal(NodeState.Dead, nodes["h3"].State);
        // A machine that does not answer is never called dead: it may still sign.
        Assert.Equal(NodeState.Unhealthy, nodes[TestRepository.Unreachable].State);
    }

    [Fact]
    public async Task Observe_PoolThatReplacesOnItsOwn_DoesNotAskSystemd()
    {
        var options = TestRepository.Options();
        options.SystemctlCommand = Systemctl("loaded", "inactive");
        var pool = TestRepository.Pool(vars: new Dictionary<string, object> { [AnsibleProvider.ServiceVariable] = Unit });

        var nodes = await new AnsibleProvider(options).ObserveAsync(_repo.Scope(pool), CancellationToken.None);

        Assert.DoesNotContain(nodes, n => n.State == NodeState.Dead);
        Assert.False(File.Exists(Path.Combine(_repo.Root, "asked")));
    }

    private async Task<string?> ConfirmAsync(string host, string? systemctl)
    {
        var options = TestRepository.Options();
        if (systemctl is not null) options.SystemctlCommand = systemctl;
        var pool = TestRepository.Pool(vars: new Dictionary<string, object> { [AnsibleProvider.ServiceVariable] = Unit }) with { Replacement = ReplacementPolicy.Manual };
        var scope = _repo.Scope(pool);
        return await new AnsibleProvider(options).ConfirmGoneAsync(TestRepository.Action(ActionKind.Replace, scope, pool, host), scope, CancellationToken.None);
    }

    /// <summary>A systemctl that answers `show` as systemd does for a unit in the given states, and keeps what it was asked.</summary>
    private string Systemctl(string loadState, string activeState)
    {
        var path = Path.Combine(_repo.Root, "systemctl");
        File.WriteAllText(path,
            $"#!/bin/sh\necho \"$@\" > '{Path.Combine(_repo.Root, "asked")}'\nprintf 'LoadState={loadState}\\nActiveState={activeState}\\n'\n");
        File.SetUnixFileMode(path, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute);
        return path;
    }

    /// <summary>A systemctl whose answer depends on the host: ansible templates the host's name into the command line.</summary>
    private string PerHostSystemctl(IReadOnlyDictionary<string, string> activeStates)
    {
        var path = Path.Combine(_repo.Root, "systemctl-per-host");
        var cases = string.Concat(activeStates.Select(s => $"  {s.Key}) state={s.Value} ;;\n"));
        File.WriteAllText(path, $"#!/bin/sh\nhost=$1; shift\ncase \"$host\" in\n{cases}  *) state=unknown ;;\nesac\nprintf 'LoadState=loaded\\nActiveState=%s\\n' \"$state\"\n");
        File.SetUnixFileMode(path, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute);
        return path + " {{ inventory_hostname }}";
    }
}
