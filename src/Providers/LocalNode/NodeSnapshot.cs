namespace GitOpsFleet.Providers.LocalNode;

/// <summary>One consistent reading of a simulated node, taken under the simulation's lock.</summary>
internal sealed record NodeSnapshot(
    DateTimeOffset Now,
    TimeSpan Uptime,
    bool Healthy,
    double Rps,
    double Utilization,
    double ErrorRate,
    double MeanLatencyMs,
    double Requests,
    double Successes,
    double Failures,
    double CpuFraction,
    double CpuSeconds,
    int Cores,
    int Peers,
    long HighestBlock,
    long CurrentBlock,
    long ClockSlot,
    long HeadSlot,
    double Wave)
{
    public bool Syncing => CurrentBlock < HighestBlock || HeadSlot < ClockSlot;

    public long SyncDistanceSlots => Math.Max(0, ClockSlot - HeadSlot);

    /// <summary>Requests in flight, by Little's law.</summary>
    public double Concurrent => Rps * MeanLatencyMs / 1000.0;
}
