using System.Diagnostics;
using GitOpsFleet.Providers;
using GitOpsFleet.Providers.Local;
using GitOpsFleet.Reconciler.Git;
using GitOpsFleet.Reconciler.Hosting;
using GitOpsFleet.Reconciler.Pipeline;
using GitOpsFleet.Reconciler.State;
using GitOpsFleet.Reconciler.Tests.Support;
using Xunit.Abstractions;

namespace GitOpsFleet.Reconciler.Tests.Pipeline;

/// <summary>
/// A provider that fails some of its actions and never answers others (issue 28, item 5), on a real repository and
/// the real local provider underneath: the rest are applied within maxParallel, the hung call is given up on after
/// Providers:ActionTimeout, the report names each failed node with its reason, and the next run applies only those.
/// </summary>
public sealed class ApplyStepTests(ITestOutputHelper output) : FleetTestBase
{
    [Fact]
    public async Task ProviderFailingAndHangingOnSomeNodes_AppliesTheRest_ThenTheNextRunAppliesTheFailedOnes()
    {
        _repo.Write("fleet.yaml", FleetYaml(allowEmpty: false).Replace("maxParallel: 4", "maxParallel: 2", StringComparison.Ordinal)).Commit("two at a time");
        var homeDir = _temp.Combine("home");
        Directory.CreateDirectory(homeDir);
        // Bound like any other setting: config.json in the state home.
        await File.WriteAllTextAsync(Path.Combine(homeDir, "config.json"), """{ "Providers": { "ActionTimeout": "00:00:02" } }""");
        var home = StateHome.Resolve(homeDir);
        using var local = new LocalProvider(new LocalProviderOptions { StateDirectory = home.LocalNodes, NodeCommand = AppComposition.NodeCommandLine() }, TimeProvider.System);
        var faulty = new FaultyProvider(local) { Throws = { "rpc-1" }, Hangs = { "ipfs-0" } };
        await using var app = await AppComposition.CreateAsync(home, null, [faulty], TimeProvider.System, CancellationToken.None);
        var target = new FleetTarget(RepositoryLocation.Parse(_repo.Path), null);

        var clock = Stopwatch.StartNew();
        var first = await app.Pipeline.RunAsync(target, RunMode.Reconcile, "test", SilentRunReporter.Instance, CancellationToken.None);
        var firstSeconds = clock.Elapsed.TotalSeconds;

        Assert.Equal(RunResults.Failed, first.Result);
        Assert.Equal(RunDisposition.Failed, RunDispositions.Of(first.Result));
        Assert.True(faulty.PeakInFlight <= 2, $"{faulty.PeakInFlight} provider calls at once with maxParallel 2");
        Assert.Equal(["rpc-0"], NodeProcesses.OfFleet(_fleet).Select(n => n.Name));
        var byNode = first.Report!.Results!.ToDictionary(r => r.Action.Node!, StringComparer.Ordinal);
        Assert.Equal("succeeded", byNode["rpc-0"].Outcome);
        Assert.Equal("failed", byNode["rpc-1"].Outcome);
        Assert.Contains("disk full on rpc-1", byNode["rpc-1"].Message, StringComparison.Ordinal);
        Assert.Equal("retry", byNode["ipfs-0"].Outcome);
        Assert.Contains("no answer within 2 s", byNode["ipfs-0"].Message, StringComparison.Ordinal);
        Assert.True(faulty.HungCallCancelled, "the hung call was not told to stop");
        var apply = first.Steps.Single(s => s.Name == "apply");
        Assert.Contains("rpc-1 (failed)", apply.Message, StringComparison.Ordinal);
        Assert.Contains("ipfs-0 (retry)", apply.Message, StringComparison.Ordinal);
        var rpc0 = NodeProcesses.OfFleet(_fleet).Single().Pid;

        faulty.Throws.Clear();
        faulty.Hangs.Clear();
        clock.Restart();
        var second = await app.Pipeline.RunAsync(target, RunMode.Reconcile, "test", SilentRunReporter.Instance, CancellationToken.None);
        var secondSeconds = clock.Elapsed.TotalSeconds;

        Assert.True(second.Result == RunResults.Succeeded, second.Error);
        Assert.Equal(["ipfs-0", "rpc-1"], second.Plan!.Actions.Select(a => a.Node).Order(StringComparer.Ordinal));
        Assert.Equal(["ipfs-0", "rpc-0", "rpc-1"], NodeProcesses.OfFleet(_fleet).Select(n => n.Name).Order(StringComparer.Ordinal));
        Assert.Equal(rpc0, NodeProcesses.OfFleet(_fleet).Single(n => n.Name == "rpc-0").Pid);
        output.WriteLine($"first run {firstSeconds:0.0} s (hung call given up after {byNode["ipfs-0"].DurationMs / 1000:0.0} s), second run {secondSeconds:0.0} s, peak {faulty.PeakInFlight} calls at once");
    }

    /// <summary>The real local provider, except that it throws for the nodes in <see cref="Throws"/> and never answers, ignoring its token, for those in <see cref="Hangs"/>.</summary>
    private sealed class FaultyProvider(LocalProvider inner) : IInfrastructureProvider
    {
        private int _inFlight;
        private int _peak;

        public HashSet<string> Throws { get; } = new(StringComparer.Ordinal);
        public HashSet<string> Hangs { get; } = new(StringComparer.Ordinal);
        public int PeakInFlight => Volatile.Read(ref _peak);
        /// <summary>Whether the token of the hung call (kept, as the call itself never looks at it) was cancelled.</summary>
        public bool HungCallCancelled => _hungToken.IsCancellationRequested;
        private CancellationToken _hungToken;

        public string Name => inner.Name;

        public ValueTask<ProviderAvailability> CheckAvailabilityAsync(FleetScope fleet, CancellationToken cancellationToken) => inner.CheckAvailabilityAsync(fleet, cancellationToken);

        public Task<IReadOnlyList<ObservedNode>> ObserveAsync(FleetScope fleet, CancellationToken cancellationToken) => inner.ObserveAsync(fleet, cancellationToken);

        public async Task<ActionResult> ApplyAsync(PlannedAction action, FleetScope fleet, CancellationToken cancellationToken)
        {
            var now = Interlocked.Increment(ref _inFlight);
            InterlockedMax(ref _peak, now);
            if (Hangs.Contains(action.Node))
            {
                // Its slot counts as taken until the apply step gives up on it.
                _hungToken = cancellationToken;
                cancellationToken.Register(() => Interlocked.Decrement(ref _inFlight));
                return await new TaskCompletionSource<ActionResult>().Task;
            }
            try
            {
                if (Throws.Contains(action.Node)) throw new IOException($"disk full on {action.Node}");
                return await inner.ApplyAsync(action, fleet, cancellationToken);
            }
            finally
            {
                Interlocked.Decrement(ref _inFlight);
            }
        }

        private static void InterlockedMax(ref int target, int value)
        {
            int seen;
            while ((seen = Volatile.Read(ref target)) < value && Interlocked.CompareExchange(ref target, value, seen) != seen) { }
        }
    }
}
