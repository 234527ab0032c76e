using GitOpsFleet.Providers;
using GitOpsFleet.Providers.Local;
using GitOpsFleet.Reconciler.Git;
using GitOpsFleet.Reconciler.Hosting;
using GitOpsFleet.Reconciler.Pipeline;
using GitOpsFleet.Reconciler.State;
using GitOpsFleet.Reconciler.Tests.Support;

namespace GitOpsFleet.Reconciler.Tests.Pipeline;

/// <summary>
/// The sample fleet's scaling script, unchanged, driving real local nodes through the pipeline: load
/// on the nodes' own /metrics scales the pool out, and quiet nodes scale it in one node per evaluation.
/// </summary>
public sealed class ScalingTests : IDisposable
{
    private readonly TempDirectory _temp = new("scale");
    private readonly string _fleet = "s" + Guid.NewGuid().ToString("N")[..8];

    [Fact]
    public async Task SampleScript_ScalesOutUnderLoad_AndInWhenQuiet()
    {
        var repo = new FleetRepository(_temp.Combine("repo"));
        var sample = Path.Combine(RepoRoot.Find(), "samples", "fleet-repo");
        repo.Write("scaling/rpc-autoscale.csx", File.ReadAllText(Path.Combine(sample, "scaling", "rpc-autoscale.csx")));
        // The sample pool as it is, evaluated every 5 s instead of every 2 minutes so the test stays short.
        repo.Write("pools/eth-rpc.yaml", File.ReadAllText(Path.Combine(sample, "pools", "eth-rpc.yaml")).Replace("every: 2m", "every: 5s", StringComparison.Ordinal));
        repo.Write("fleet.yaml", $"""
            apiVersion: gitopsfleet.dev/v1
            kind: Fleet
            metadata:
              name: {_fleet}
            spec:
              reconcile: {"{"}interval: 1m, mode: auto, prune: true, maxParallel: 6{"}"}
            """);
        repo.Commit("rpc pool with the sample scaling script");
        var home = StateHome.Resolve(_temp.Combine("home"));
        var target = new FleetTarget(RepositoryLocation.Parse(repo.Path), null);

        await using (var app = await AppComposition.CreateAsync(home, TimeProvider.System, CancellationToken.None))
        {
            var first = await app.Pipeline.RunAsync(target, RunMode.Reconcile, "test", SilentRunReporter.Instance, CancellationToken.None);
            Assert.True(first.Result == RunResults.Succeeded, first.Error);
            Assert.Equal(2, CountNodes());

            // 1,600 requests/s over the pool: far above 150 per node.
            app.Local.SetPoolLoad(_fleet, "eth-rpc", new SimulatedLoad(Rps: 1600));
            var scaledOut = await RunUntilAsync(app, target, () => CountNodes() > 2);
            Assert.True(scaledOut, "the pool should have scaled out under load");
            Assert.Equal(6, await SettleAsync(app, target, 6));
        }

        // Quiet nodes, seen by a restarted service (its metrics history starts empty): one node less per evaluation.
        await using (var app = await AppComposition.CreateAsync(home, TimeProvider.System, CancellationToken.None))
        {
            app.Local.SetPoolLoad(_fleet, "eth-rpc", new SimulatedLoad(Rps: 5));
            var scaledIn = await RunUntilAsync(app, target, () => CountNodes() < 6);
            Assert.True(scaledIn, "the pool should have scaled in when quiet");
            Assert.Equal(5, CountNodes());
            var runs = await app.Store.ListRunsAsync(_fleet, null, 50, 0, CancellationToken.None);
            var run = await app.Store.GetRunAsync(runs[0].Id, CancellationToken.None);
            Assert.Contains("rpc-autoscale.csx", run!.Document["desired"]!.ToJsonString(), StringComparison.Ordinal);
        }
    }

    private int CountNodes() => NodeProcesses.OfFleet(_fleet).Count;

    private async Task<bool> RunUntilAsync(AppComposition app, FleetTarget target, Func<bool> done)
    {
        for (var i = 0; i < 8 && !done(); i++)
        {
            // Real clock: the script reads request rates that real node processes build up over real seconds.
            await Task.Delay(TimeSpan.FromSeconds(5.5));
            var outcome = await app.Pipeline.RunAsync(target, RunMode.Reconcile, "test", SilentRunReporter.Instance, CancellationToken.None);
            Assert.True(outcome.Result is RunResults.Succeeded or RunResults.NoChanges, $"{outcome.Result}: {outcome.Error}");
        }
        return done();
    }

    private async Task<int> SettleAsync(AppComposition app, FleetTarget target, int wanted)
    {
        await RunUntilAsync(app, target, () => CountNodes() >= wanted);
        return CountNodes();
    }

    public void Dispose()
    {
        NodeProcesses.KillFleet(_fleet);
        _temp.Dispose();
    }
}
