using GitOpsFleet.Providers.Local;
using GitOpsFleet.Providers.LocalNode;
using GitOpsFleet.Model;
using Microsoft.Extensions.Time.Testing;

namespace GitOpsFleet.Providers.Tests.LocalNode;

public sealed class NodeSimulationTests
{
    private static readonly DateTimeOffset Start = new(2025, 11, 25, 12, 0, 0, TimeSpan.Zero);

    private static NodeArguments Args(string software = "geth", double syncSeconds = 0, string? size = "Standard_D8s_v5") => new(
        "mainnet", "rpc", "rpc-0", new SoftwareSpec(software, "1.0.0"), new MachineSpec(size, null),
        new Dictionary<string, string>(), 0, null, syncSeconds);

    [Fact]
    public void Head_FollowsTheMainnetClock_AboutOneBlockPerTwelveSeconds()
    {
        var time = new FakeTimeProvider(Start);
        var sim = new NodeSimulation(Args(), time, () => null);

        var first = sim.Advance();
        time.Advance(TimeSpan.FromMinutes(10));
        var later = sim.Advance();

        // 50 slots in ten minutes, of which about one in a hundred is missed.
        Assert.InRange(later.CurrentBlock - first.CurrentBlock, 48, 50);
        Assert.Equal(50, later.ClockSlot - first.ClockSlot);
        // Mainnet on that day: slot (t - genesis) / 12 and a head above 23 million.
        Assert.Equal((Start.ToUnixTimeSeconds() - 1606824023) / 12, first.ClockSlot);
        Assert.InRange(first.CurrentBlock, 23_000_000, 24_000_000);
        Assert.False(first.Syncing);
    }

    [Fact]
    public void Counters_IntegrateTheRequestRate()
    {
        var time = new FakeTimeProvider(Start);
        var sim = new NodeSimulation(Args(), time, () => null) { Override = new SimulatedLoad(Rps: 100, ErrorRate: 0.1) };
        sim.Advance();

        for (var i = 0; i < 10; i++)
        {
            time.Advance(TimeSpan.FromSeconds(1));
            sim.Advance();
        }
        var s = sim.Advance();

        // 100 rps for 10 s, within the simulation's small wobble.
        Assert.InRange(s.Requests, 950, 1050);
        Assert.InRange(s.Failures / s.Requests, 0.099, 0.101);
        Assert.Equal(s.Requests, s.Successes + s.Failures, 6);
        Assert.True(s.CpuSeconds > 0);
    }

    [Fact]
    public void Load_RaisesLatencyCpuAndErrors()
    {
        var time = new FakeTimeProvider(Start);
        var sim = new NodeSimulation(Args(), time, () => null);
        var idle = sim.Advance();

        sim.Override = new SimulatedLoad(Rps: 400); // twice what one geth node serves
        var busy = sim.Advance();

        Assert.True(busy.MeanLatencyMs > 3 * idle.MeanLatencyMs, $"{busy.MeanLatencyMs} vs {idle.MeanLatencyMs}");
        Assert.True(busy.CpuFraction > 0.8, busy.CpuFraction.ToString());
        Assert.True(busy.ErrorRate > 0.1, busy.ErrorRate.ToString());
        Assert.True(idle.ErrorRate < 0.01);
    }

    [Fact]
    public void ExternalLoad_IsOverriddenBySimulateCalls()
    {
        var time = new FakeTimeProvider(Start);
        var sim = new NodeSimulation(Args(), time, () => new SimulatedLoad(Rps: 50, Peers: 3));

        var fromFile = sim.Advance();
        sim.Override = new SimulatedLoad(Rps: 120);
        var overridden = sim.Advance();

        Assert.InRange(fromFile.Rps, 49, 51);
        Assert.Equal(3, fromFile.Peers);
        Assert.InRange(overridden.Rps, 117, 123);
        Assert.Equal(3, overridden.Peers);
    }

    [Fact]
    public void SyncSeconds_StartsBehindAndCatchesUp()
    {
        var time = new FakeTimeProvider(Start);
        var sim = new NodeSimulation(Args(syncSeconds: 10), time, () => null);

        var early = sim.Advance();
        time.Advance(TimeSpan.FromSeconds(11));
        var synced = sim.Advance();

        Assert.True(early.Syncing);
        Assert.True(early.HighestBlock - early.CurrentBlock > 100);
        Assert.False(synced.Syncing);
        Assert.Equal(synced.HighestBlock, synced.CurrentBlock);
    }

    [Theory]
    [InlineData("Standard_D8s_v5", 8)]
    [InlineData("Standard_E16as_v5", 16)]
    [InlineData("c6i.2xlarge", 8)]
    [InlineData("small", 4)]
    [InlineData(null, 4)]
    public void CoresOf_ReadsTheMachineSize(string? size, int cores) => Assert.Equal(cores, NodeSimulation.CoresOf(size));
}
