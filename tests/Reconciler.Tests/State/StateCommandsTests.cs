using System.Diagnostics;
using GitOpsFleet.Reconciler.Tests.Support;

namespace GitOpsFleet.Reconciler.Tests.State;

/// <summary>The state database through the real program: killed runs, damaged files, backup and restore.</summary>
public sealed class StateCommandsTests : FleetTestBase
{
    private string Database => Path.Combine(_cli.Home, "state.db");

    [Fact]
    public async Task ReconcileOnce_KilledMidApply_IsInterruptedAtTheNextStart()
    {
        // Enough nodes that the apply is still going when the first one is reported.
        _repo.Write("pools/rpc.yaml", PoolYaml("rpc", "geth", "1.16.7", 8)).Commit("eight rpc nodes");
        var psi = new ProcessStartInfo(CliRunner.Executable) { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        foreach (var a in new[] { "reconcile", "--once", "--repo", _repo.Path }) psi.ArgumentList.Add(a);
        psi.Environment["GITOPSFLEET_HOME"] = _cli.Home;
        psi.Environment["NO_COLOR"] = "1";
        using (var process = Process.Start(psi)!)
        {
            _ = process.StandardError.ReadToEndAsync();
            string? line;
            while ((line = await process.StandardOutput.ReadLineAsync()) is not null && !line.TrimStart().StartsWith("apply", StringComparison.Ordinal))
            {
            }
            Assert.NotNull(line);
            process.Kill(entireProcessTree: false); // SIGKILL: no finally, no run record
            await process.WaitForExitAsync();
        }

        // A run is filed under its repository until it learns the fleet's name: list them all.
        var runs = await _cli.RunAsync("runs", "list");

        Assert.Equal(0, runs.ExitCode);
        Assert.Contains("interrupted", runs.Stdout, StringComparison.Ordinal);
        Assert.DoesNotContain("running", runs.Stdout, StringComparison.Ordinal);
        var show = await _cli.RunAsync("runs", "show", "1", "--json");
        Assert.Contains("\"interrupted\"", show.Stdout, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Backup_TruncatedDatabase_IsRefusedAtStart_ThenRestoreBringsTheRunsBack()
    {
        Assert.Equal(0, (await _cli.RunAsync("reconcile", "--once", "--repo", _repo.Path)).ExitCode);
        var backup = _temp.Combine("backup.db");
        var saved = await _cli.RunAsync("state", "backup", backup);
        Assert.Equal(0, saved.ExitCode);
        await using (var truncate = new FileStream(Database, FileMode.Open, FileAccess.Write)) truncate.SetLength(0);

        var refused = await _cli.RunAsync("runs", "list");

        Assert.Equal(1, refused.ExitCode);
        Assert.Contains(Database, refused.Stderr, StringComparison.Ordinal);
        Assert.Contains("gitopsfleet state restore FILE", refused.Stderr, StringComparison.Ordinal);
        Assert.Contains("move the file away", refused.Stderr, StringComparison.Ordinal);
        Assert.Equal(0, new FileInfo(Database).Length);

        var restored = await _cli.RunAsync("state", "restore", backup);
        Assert.Equal(0, restored.ExitCode);
        var runs = await _cli.RunAsync("runs", "list", "--fleet", _fleet);
        Assert.Equal(0, runs.ExitCode);
        Assert.Contains("succeeded", runs.Stdout, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Backup_ToAnExistingFile_IsRefused()
    {
        Assert.Equal(0, (await _cli.RunAsync("runs", "list")).ExitCode);
        var existing = _temp.Combine("existing.db");
        await File.WriteAllTextAsync(existing, "keep me");

        var result = await _cli.RunAsync("state", "backup", existing);

        Assert.Equal(1, result.ExitCode);
        Assert.Equal("keep me", await File.ReadAllTextAsync(existing));
    }
}
