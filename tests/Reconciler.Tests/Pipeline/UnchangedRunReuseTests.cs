using GitOpsFleet.Reconciler.Git;
using GitOpsFleet.Reconciler.Hosting;
using GitOpsFleet.Reconciler.Pipeline;
using GitOpsFleet.Reconciler.State;
using GitOpsFleet.Reconciler.Tests.Support;

namespace GitOpsFleet.Reconciler.Tests.Pipeline;

/// <summary>
/// The service's unchanged runs, on a real repository and real local nodes: a run with the commit and observed state
/// of the last settled run reuses its plan; a node killed, or a new commit, makes the next run a full one again.
/// </summary>
public sealed class UnchangedRunReuseTests : FleetTestBase
{
    private static readonly string[] Reusable = ["desired", "plan", "policy", "apply", "drift-report", "drift-pull-request"];

    [Fact]
    public async Task UnchangedRun_ReusesTheSettledRun_UntilANodeDiesOrACommitLands()
    {
        var home = StateHome.Resolve(_temp.Combine("home"));
        var target = new FleetTarget(RepositoryLocation.Parse(_repo.Path), null);
        var settled = new SettledRuns(TimeSpan.FromHours(1));
        await using var app = await AppComposition.CreateAsync(home, TimeProvider.System, CancellationToken.None);
        Task<RunOutcome> Run() => app.Pipeline.RunAsync(target, RunMode.Reconcile, "test", SilentRunReporter.Instance, settled, CancellationToken.None);

        var created = await Run();
        Assert.True(created.Result == RunResults.Succeeded, created.Error);
        await ServingAsync();
        // The run that applied did not settle; the next one, which finds nothing to do, does.
        var full = await Run();
        Assert.True(full.Result == RunResults.NoChanges, full.Error);
        Assert.Null(full.Report!.ReusedFrom);
        Assert.All(full.Steps, s => Assert.NotEqual("reused", s.Status));

        var reused = await Run();
        Assert.True(reused.Result == RunResults.NoChanges, reused.Error);
        Assert.Equal(full.RunId, reused.Report!.ReusedFrom);
        Assert.Equal("reused", reused.Steps.Single(s => s.Name == "load").Status);
        Assert.Equal("ok", reused.Steps.Single(s => s.Name == "observe").Status);
        Assert.Equal(Reusable, reused.Steps.Where(s => s.Status == "reused" && s.Name != "load").Select(s => s.Name));
        Assert.Equal(full.Report.Plan!.Summary, reused.Report.Plan!.Summary);
        Assert.Equal(3, reused.Report.Observed!.Count);
        // The stored record says so too, for `runs show` and the API.
        var stored = await app.Store.GetRunAsync(reused.RunId, CancellationToken.None);
        Assert.Equal(full.RunId, stored!.Document["reusedFrom"]!.GetValue<long>());

        // A node dies: observe sees it, so the plan is made again and the node replaced.
        NodeProcesses.Kill(NodeProcesses.OfFleet(_fleet).First(n => n.Name == "rpc-0").Pid);
        await WaitForAsync(() => NodeProcesses.OfFleet(_fleet).All(n => n.Name != "rpc-0"));
        var repaired = await Run();
        Assert.True(repaired.Result == RunResults.Succeeded, repaired.Error);
        Assert.Null(repaired.Report!.ReusedFrom);
        Assert.Contains(repaired.Plan!.Actions, a => a.Node == "rpc-0");

        // The replaced node was reported in a drift pull request; the next run resolves it, which is a change too, so
        // it does not settle; the one after it does, and the next reuses that.
        await ServingAsync();
        var resolving = await Run();
        Assert.Null(resolving.Report!.ReusedFrom);
        Assert.Equal(PullRequestState.Resolved, resolving.PullRequest?.State);
        var settledAgain = await Run();
        Assert.Null(settledAgain.Report!.ReusedFrom);
        Assert.Equal(settledAgain.RunId, (await Run()).Report!.ReusedFrom);

        // A new commit (only a comment in fleet.yaml: the plan is the same) is loaded and planned in full.
        _repo.Write("fleet.yaml", FleetYaml(allowEmpty: false) + "\n# reviewed\n").Commit("a comment");
        var committed = await Run();
        Assert.True(committed.Result == RunResults.NoChanges, committed.Error);
        Assert.Null(committed.Report!.ReusedFrom);
        Assert.Equal("ok", committed.Steps.Single(s => s.Name == "load").Status);
        Assert.Equal(committed.RunId, (await Run()).Report!.ReusedFrom);

        // The CLI's runs (no memory of settled runs) are always full.
        var cli = await app.Pipeline.RunAsync(target, RunMode.Reconcile, "cli", SilentRunReporter.Instance, CancellationToken.None);
        Assert.Null(cli.Report!.ReusedFrom);
    }

    // A node that has not bound its port yet is observed unhealthy, and then healthy by a later run: that is a change.
    private async Task ServingAsync()
    {
        foreach (var node in new[] { "rpc-0", "rpc-1", "ipfs-0" }) await NodeProcesses.WaitServingAsync(_fleet, node, _ => true);
    }
}
