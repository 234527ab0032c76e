using GitOpsFleet.Reconciler.Git;
using GitOpsFleet.Reconciler.Pipeline;
using GitOpsFleet.Reconciler.Service;
using GitOpsFleet.Reconciler.Service.Fleets;
using GitOpsFleet.Reconciler.State.Leases;
using GitOpsFleet.Reconciler.Service.Metrics;
using GitOpsFleet.Reconciler.State;
using GitOpsFleet.Reconciler.Tests.Support;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Time.Testing;

namespace GitOpsFleet.Reconciler.Tests.Service;

/// <summary>The run coordinator alone, on a fake clock: its lease waits pass by advancing the clock, not by sleeping.</summary>
public sealed class FleetRunCoordinatorTests
{
    [Fact]
    public async Task PushRun_WhileAnotherReplicaHoldsTheLease_WaitsFourLeaseDurations_ThenSkipsWithoutRunning()
    {
        using var temp = new TempDirectory("coord");
        var db = temp.Combine("state.db");
        var time = new FakeTimeProvider(new DateTimeOffset(2026, 1, 1, 0, 0, 0, TimeSpan.Zero));
        await using var store = await SqliteStateStore.OpenAsync(db, time, CancellationToken.None);
        await using var leases = await SqliteLeaseStore.OpenAsync(db, time, CancellationToken.None);
        Assert.True((await leases.TryAcquireAsync("alpha", "other-replica", TimeSpan.FromHours(1), CancellationToken.None)).Acquired);
        var executor = new RecordingExecutor(store, (_, _) => Task.FromResult(RunResults.Succeeded));
        var catalog = new FleetCatalog([new FleetDefinition("alpha", RepositoryLocation.Parse(temp.Combine("alpha")), null)]);
        var options = new ServiceOptions { InstanceId = "this-replica", LeaseDuration = TimeSpan.FromMinutes(1) };
        await using var coordinator = new FleetRunCoordinator(catalog, new FleetStatusBoard(catalog, store, TimeSpan.FromHours(1)), executor, store, leases,
            new ServiceMetrics(), options, time, NullLogger<FleetRunCoordinator>.Instance);

        var asked = time.GetUtcNow();
        Assert.Equal(RunRequestResult.Started, coordinator.Request("alpha", new RunRequest("webhook:generic", null, asked)));

        // Each look moves the fake clock on by 30 s, past the coordinator's next lease poll; real time only
        // passes while its thread catches up.
        await Eventually.UntilAsync(() =>
        {
            if (coordinator.InProgress == 0) return true;
            time.Advance(TimeSpan.FromSeconds(30));
            return false;
        }, TimeSpan.FromSeconds(60), "the push run never gave up on the lease another replica holds");

        Assert.True(time.GetUtcNow() - asked >= options.LeaseDuration * 4, $"gave up after {time.GetUtcNow() - asked} of the clock, before four lease durations");
        Assert.Empty(executor.Runs);
        Assert.False((await leases.TryAcquireAsync("alpha", "third-replica", TimeSpan.FromMinutes(1), CancellationToken.None)).Acquired, "the other replica's lease was taken from it");
    }
}
