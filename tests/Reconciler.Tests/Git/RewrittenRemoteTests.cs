using System.Diagnostics;
using GitOpsFleet.Reconciler.Tests.Support;

namespace GitOpsFleet.Reconciler.Tests.Git;

/// <summary>
/// Issue 28, item 6: the fleet branch on a smart-HTTP server (git http-backend) is force-pushed to an unrelated
/// history, or deleted. The real program reconciles real local nodes from it; the server's repository is changed
/// the way a push would change it, with git itself.
/// </summary>
public sealed class RewrittenRemoteTests(Xunit.Abstractions.ITestOutputHelper log) : FleetTestBase, IAsyncLifetime
{
    private GitHttpServer _server = null!;
    private string _url = null!;

    public async Task InitializeAsync()
    {
        _server = await GitHttpServer.StartAsync(Directory.CreateDirectory(_temp.Combine("served")).FullName, "tok-" + Guid.NewGuid().ToString("N"));
        _url = _server.CreateRepository("fleet");
        Git(_repo.Path, "push", "--quiet", _server.RepositoryPath("fleet"), "main:main", "main:release");
    }

    public async Task DisposeAsync() => await _server.DisposeAsync();

    [Fact]
    public async Task ForcePushedHistory_TheNextRunReconcilesTheNewTip()
    {
        Assert.Equal(0, (await ReconcileAsync()).ExitCode);
        Assert.Contains("--version 0.38.2", Node("ipfs-0"), StringComparison.Ordinal);

        // A new root commit with another ipfs version: nothing in common with what the clone holds.
        var rewritten = new FleetRepository(_temp.Combine("rewritten"));
        rewritten.Write("fleet.yaml", FleetYaml(allowEmpty: false))
            .Write("pools/rpc.yaml", PoolYaml("rpc", "geth", "1.16.7", 2))
            .Write("pools/ipfs.yaml", PoolYaml("ipfs", "kubo", "0.38.3", 1));
        var tip = rewritten.Commit("history rewritten");
        Git(rewritten.Path, "push", "--quiet", "--force", _server.RepositoryPath("fleet"), "main:main");

        var clock = Stopwatch.StartNew();
        var after = await ReconcileAsync();

        Assert.True(after.ExitCode == 0, after.ToString());
        Assert.Contains(tip[..12], after.All, StringComparison.Ordinal);
        await WaitForAsync(() => Node("ipfs-0").Contains("--version 0.38.3", StringComparison.Ordinal));
        log.WriteLine($"force-push followed by the next run in {clock.Elapsed.TotalSeconds:0.0} s");
    }

    [Fact]
    public async Task DeletedBranch_IsStalledNamingTheRef_NothingIsAppliedOrDeleted_AndARepushMendsIt()
    {
        Assert.Equal(0, (await ReconcileAsync()).ExitCode);
        var before = NodeProcesses.OfFleet(_fleet).OrderBy(n => n.Name, StringComparer.Ordinal).ToList();
        Assert.Equal(3, before.Count);
        var served = _server.RepositoryPath("fleet");
        var sha = Git(served, "rev-parse", "main").Trim();

        // Deleting the default branch leaves the server's HEAD dangling: it is not advertised, and "release" is there to be guessed.
        Git(served, "update-ref", "-d", "refs/heads/main");
        var stalled = await ReconcileAsync();

        Assert.True(stalled.ExitCode == 1, stalled.ToString());
        Assert.Contains("'main' not found on the server", stalled.All, StringComparison.Ordinal);
        Assert.Contains("ref-missing", stalled.All, StringComparison.Ordinal);
        Assert.Equal(before, NodeProcesses.OfFleet(_fleet).OrderBy(n => n.Name, StringComparer.Ordinal).ToList());
        // Before the fleet is read its name is not known: from the CLI the record names the repository (the service names its fleet).
        var list = await _cli.RunAsync("runs", "list", "--result", "ref-missing");
        Assert.True(list.Stdout.Contains("stalled", StringComparison.Ordinal), list.ToString());

        // A fleet pinned to the branch says the same.
        var pinned = await _cli.RunWithAsync(Environment(), "reconcile", "--once", "--repo", _url, "--ref", "main");
        Assert.Equal(1, pinned.ExitCode);
        Assert.Contains("'main' not found on the server", pinned.All, StringComparison.Ordinal);

        Git(served, "update-ref", "refs/heads/main", sha);
        var mended = await ReconcileAsync();
        Assert.True(mended.ExitCode == 0, mended.ToString());
        Assert.Equal(before, NodeProcesses.OfFleet(_fleet).OrderBy(n => n.Name, StringComparer.Ordinal).ToList());
    }

    private Dictionary<string, string> Environment() => new() { ["GITOPSFLEET_GIT_TOKEN"] = _server.Token };

    private async Task<CliResult> ReconcileAsync()
    {
        var result = await _cli.RunWithAsync(Environment(), "reconcile", "--once", "--repo", _url);
        log.WriteLine(result.ToString());
        return result;
    }

    private string Node(string name) => NodeProcesses.OfFleet(_fleet).Single(n => n.Name == name).CommandLine;

    private static string Git(string directory, params string[] args)
    {
        var psi = new ProcessStartInfo("git") { WorkingDirectory = directory, RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        foreach (var a in args) psi.ArgumentList.Add(a);
        using var git = Process.Start(psi)!;
        var output = git.StandardOutput.ReadToEnd();
        var error = git.StandardError.ReadToEnd();
        git.WaitForExit();
        Assert.True(git.ExitCode == 0, $"git {string.Join(' ', args)}: {error}");
        return output;
    }
}
