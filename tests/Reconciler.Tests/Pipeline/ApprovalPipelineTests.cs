using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using System.Text.Json.Nodes;
using GitOpsFleet.Reconciler.Tests.Support;

namespace GitOpsFleet.Reconciler.Tests.Pipeline;

/// <summary>Runs that need a person (issue 26), on real local-provider node processes.</summary>
public sealed class ApprovalPipelineTests : FleetTestBase
{
    [Fact]
    public async Task ManualFleet_PlansAndStallsWaitingApproval_WithAFingerprint_AndAppliesNothing()
    {
        _repo.Write("fleet.yaml", FleetYaml(allowEmpty: false).Replace("mode: auto", "mode: manual", StringComparison.Ordinal)).Commit("manual");
        var run = await _cli.RunAsync("reconcile", "--once", "--repo", _repo.Path);
        Assert.Contains("waiting-approval", run.All, StringComparison.Ordinal);
        Assert.Empty(NodeProcesses.OfFleet(_fleet));

        var report = await LatestRunAsync();
        Assert.Equal("waiting-approval", report["result"]!.ToString());
        var approval = report["approval"]!;
        Assert.Equal("waiting", approval["status"]!.ToString());
        var commit = report["commit"]!.ToString();
        Assert.Equal(commit, approval["commit"]!.ToString());
        Assert.StartsWith(commit + ":", approval["fingerprint"]!.ToString(), StringComparison.Ordinal);
        Assert.Equal(3, report["plan"]!["actions"]!.AsArray().Count);
        var shown = await _cli.RunAsync("runs", "show", report["id"]!.ToString());
        Assert.Contains("approval: waiting — reconcile.mode is manual", shown.Stdout, StringComparison.Ordinal);
        Assert.Equal("allow", report["steps"]!.AsArray().Single(s => s!["name"]!.ToString() == "policy")!["status"]!.ToString());
    }

    [Fact]
    public async Task ManualFleet_ApprovedOnce_IsAppliedByTheNextRun_AndCliRefusalsExitOne()
    {
        _repo.Write("fleet.yaml", FleetYaml(allowEmpty: false).Replace("mode: auto", "mode: manual", StringComparison.Ordinal)).Commit("manual");
        await _cli.RunAsync("reconcile", "--once", "--repo", _repo.Path);
        var waiting = (await LatestRunAsync())["id"]!.ToString();

        Assert.Equal(1, (await _cli.RunAsync("approve", "999999")).ExitCode);
        var approve = await _cli.RunAsync("approve", waiting, "--by", "alice", "--reason", "planned maintenance");
        Assert.True(approve.ExitCode == 0, approve.ToString());
        var twice = await _cli.RunAsync("approve", waiting, "--by", "alice");
        Assert.Equal(1, twice.ExitCode);
        Assert.Contains("alice already decided", twice.Stderr, StringComparison.Ordinal);

        var applied = await _cli.RunAsync("reconcile", "--once", "--repo", _repo.Path);
        Assert.True(applied.ExitCode == 0, applied.ToString());
        Assert.Contains("plan approved by alice", applied.Stdout, StringComparison.Ordinal);
        Assert.Equal(3, NodeProcesses.OfFleet(_fleet).Count);
        var report = await LatestRunAsync();
        Assert.Equal(("succeeded", "approved"), (report["result"]!.ToString(), report["approval"]!["status"]!.ToString()));
        var notWaiting = await _cli.RunAsync("approve", report["id"]!.ToString(), "--by", "bob");
        Assert.Equal(1, notWaiting.ExitCode);
        Assert.Contains("is not waiting for approval", notWaiting.Stderr, StringComparison.Ordinal);
    }

    [Fact]
    public async Task DeadValidator_StaysDownThroughThreeReconciles_UntilApproved()
    {
        _repo.Write("pools/validator.yaml", PoolYaml("validator", "geth", "1.16.7", 1) + "\n  replacement: manual\n").Commit("a validator");
        var first = await _cli.RunAsync("reconcile", "--once", "--repo", _repo.Path);
        Assert.True(first.ExitCode == 0, first.ToString());
        Assert.Equal(4, NodeProcesses.OfFleet(_fleet).Count);
        NodeProcesses.Kill(NodeProcesses.OfFleet(_fleet).Single(n => n.Name == "validator-0").Pid);
        await WaitForAsync(() => NodeProcesses.OfFleet(_fleet).Count == 3);

        for (var i = 0; i < 3; i++)
        {
            var held = await _cli.RunAsync("reconcile", "--once", "--repo", _repo.Path);
            Assert.Contains("validator-0 died in a pool with replacement: manual", held.Stdout, StringComparison.Ordinal);
            Assert.DoesNotContain(NodeProcesses.OfFleet(_fleet), n => n.Name == "validator-0");
        }
        var waiting = await LatestRunAsync();
        Assert.Equal("waiting-approval", waiting["result"]!.ToString());
        Assert.Equal("replace", Assert.Single(waiting["plan"]!["actions"]!.AsArray())!["kind"]!.ToString());

        var approve = await _cli.RunAsync("approve", waiting["id"]!.ToString(), "--by", "operator");
        Assert.True(approve.ExitCode == 0, approve.ToString());
        var replaced = await _cli.RunAsync("reconcile", "--once", "--repo", _repo.Path);
        Assert.True(replaced.ExitCode == 0, replaced.ToString());
        Assert.Contains(NodeProcesses.OfFleet(_fleet), n => n.Name == "validator-0");
    }

    [Fact]
    public async Task ApprovedValidatorReplacement_WhileTheOldProcessOrPortIsStillThere_IsNotStarted_AndTheRunStallsSayingWhy()
    {
        _repo.Write("pools/validator.yaml", PoolYaml("validator", "geth", "1.16.7", 1) + "\n  replacement: manual\n").Commit("a validator");
        Assert.Equal(0, (await _cli.RunAsync("reconcile", "--once", "--repo", _repo.Path)).ExitCode);
        var recordPath = Directory.EnumerateFiles(_cli.Home, "validator-0.json", SearchOption.AllDirectories).Single();
        var old = JsonNode.Parse(await File.ReadAllTextAsync(recordPath))!;
        var port = old["port"]!.GetValue<int>();
        // The old validator lives on where the process table no longer shows it as validator-0: its record still names it
        // (a stand-in process here), so observe calls the node dead and plans its replacement.
        NodeProcesses.Kill(NodeProcesses.OfFleet(_fleet).Single(n => n.Name == "validator-0").Pid);
        await WaitForAsync(() => NodeProcesses.OfFleet(_fleet).Count == 3);
        using var standIn = Process.Start(new ProcessStartInfo("sleep", "300") { UseShellExecute = false })!;
        try
        {
            old["pid"] = standIn.Id;
            old["startTicks"] = StartTicks(standIn.Id);
            await File.WriteAllTextAsync(recordPath, old.ToJsonString());

            var waiting = await _cli.RunAsync("reconcile", "--once", "--repo", _repo.Path);
            Assert.Contains("waiting-approval", waiting.All, StringComparison.Ordinal);
            var run = (await LatestRunAsync())["id"]!.ToString();
            Assert.Equal(0, (await _cli.RunAsync("approve", run, "--by", "operator")).ExitCode);

            var held = await _cli.RunAsync("reconcile", "--once", "--repo", _repo.Path);
            Assert.Contains($"(pid {standIn.Id}, as recorded) still runs", held.All, StringComparison.Ordinal);
            Assert.Contains("doppelganger", held.All, StringComparison.Ordinal);
            Assert.Equal("refused", (await LatestRunAsync())["result"]!.ToString());
            Assert.DoesNotContain(NodeProcesses.OfFleet(_fleet), n => n.Name == "validator-0");
            Assert.False(standIn.HasExited, "the run stopped the process it could not tell from the old validator");
        }
        finally
        {
            standIn.Kill();
            await standIn.WaitForExitAsync();
        }

        // Its process is gone but its port still answers: still not started.
        using (var listener = new TcpListener(IPAddress.Loopback, port))
        {
            listener.Start();
            var held = await _cli.RunAsync("reconcile", "--once", "--repo", _repo.Path);
            Assert.Contains($"({port}) still answers", held.All, StringComparison.Ordinal);
            Assert.DoesNotContain(NodeProcesses.OfFleet(_fleet), n => n.Name == "validator-0");
        }

        // Confirmed gone: the same approval replaces exactly that node.
        var replaced = await _cli.RunAsync("reconcile", "--once", "--repo", _repo.Path);
        Assert.True(replaced.ExitCode == 0, replaced.ToString());
        Assert.Contains(NodeProcesses.OfFleet(_fleet), n => n.Name == "validator-0");
    }

    /// <summary>The process's start time in clock ticks since boot (field 22 of /proc/PID/stat), as the provider records it.</summary>
    private static long StartTicks(int pid)
    {
        var stat = File.ReadAllText($"/proc/{pid}/stat");
        var fields = stat[(stat.LastIndexOf(')') + 2)..].Split(' ');
        return long.Parse(fields[19], System.Globalization.CultureInfo.InvariantCulture);
    }
}
