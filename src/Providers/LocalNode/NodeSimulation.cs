using GitOpsFleet.Providers.Local;

namespace GitOpsFleet.Providers.LocalNode;

/// <summary>
/// The moving parts of a simulated chain node: the head follows mainnet's clock (a block about
/// every 12 s), counters integrate the request rate over time, and CPU, latency and errors grow
/// with utilization so a scaling script sees what it would see on a real node under load.
/// </summary>
internal sealed class NodeSimulation
{
    private const long InitialSyncGapBlocks = 256;
    private const long InitialSyncGapSlots = 64;

    private readonly NodeArguments _args;
    private readonly TimeProvider _time;
    private readonly Func<SimulatedLoad?> _externalLoad;
    private readonly DateTimeOffset _started;
    private readonly double _phase;
    private readonly int _cores;
    private readonly Lock _lock = new();

    private DateTimeOffset _last;
    private SimulatedLoad _load;
    private double _requests, _successes, _failures, _cpuSeconds;
    private long _servedRequests, _servedFailures;

    public NodeSimulation(NodeArguments args, TimeProvider time, Func<SimulatedLoad?> externalLoad)
    {
        _args = args;
        _time = time;
        _externalLoad = externalLoad;
        Profile = ClientProfile.For(args.Software.Name);
        Consensus = args.Software.Consensus is { } cl ? ClientProfile.For(cl.Name) : null;
        _started = _last = time.GetUtcNow();
        _phase = StableHash(args.Fleet + "/" + args.Name) % 1000 / 1000.0 * Math.Tau;
        _cores = CoresOf(args.Machine.Size);
        _load = CurrentLoad();
    }

    public ClientProfile Profile { get; }

    public ClientProfile? Consensus { get; }

    public NodeArguments Arguments => _args;

    /// <summary>Set by <c>POST /simulate</c>; wins over the load files.</summary>
    public SimulatedLoad? Override { get; set; }

    /// <summary>Counts a request the node really answered (JSON-RPC, beacon API) on top of the simulated rate.</summary>
    public void CountServed(bool success)
    {
        Interlocked.Increment(ref _servedRequests);
        if (!success) Interlocked.Increment(ref _servedFailures);
    }

    public NodeSnapshot Advance()
    {
        lock (_lock)
        {
            var now = _time.GetUtcNow();
            var dt = Math.Max(0, (now - _last).TotalSeconds);
            _last = now;

            // Counters advance at the rate that held since the last reading, then the knob is read again.
            var before = Derive(_load, now);
            _requests += before.Rps * dt + Interlocked.Exchange(ref _servedRequests, 0);
            _failures += before.Rps * before.ErrorRate * dt + Interlocked.Exchange(ref _servedFailures, 0);
            _successes = _requests - _failures;
            _cpuSeconds += before.Cpu * _cores * dt;

            _load = CurrentLoad();
            var after = Derive(_load, now);
            var uptime = now - _started;
            var (highest, current, clock, head) = Chain(now, uptime);
            return new NodeSnapshot(
                now, uptime, _load.Healthy ?? true,
                after.Rps, after.Utilization, after.ErrorRate, after.LatencyMs,
                _requests, _successes, _failures,
                after.Cpu, _cpuSeconds, _cores, after.Peers,
                highest, current, clock, head, Wave(now, 300));
        }
    }

    private SimulatedLoad CurrentLoad()
    {
        var idle = new SimulatedLoad(Rps: Profile.IdleRps, Healthy: true);
        return idle.Overlay(_externalLoad()).Overlay(Override);
    }

    private (double Rps, double Utilization, double ErrorRate, double LatencyMs, double Cpu, int Peers) Derive(SimulatedLoad load, DateTimeOffset now)
    {
        var rps = (load.Rps ?? Profile.IdleRps) * (1 + 0.02 * Wave(now, 17));
        var u = rps / Profile.CapacityRps;
        // Queueing: latency climbs as a node nears saturation and steeply beyond it.
        var latency = load.LatencyMs ?? Profile.BaseLatencyMs * (u < 1 ? 1 + 4 * u * u : 5 + 20 * (u - 1));
        var errors = load.ErrorRate ?? 0.001 + (u > 1 ? Math.Min(0.5, (u - 1) * 0.5) : 0);
        var cpu = Math.Clamp(0.02 + 0.85 * Math.Min(u, 1.15) + 0.01 * Wave(now, 23), 0, 1);
        var peers = load.Peers ?? (int)Math.Round(Profile.PeerTarget * (0.9 + 0.06 * Wave(now, 90)));
        return (rps, u, errors, latency, cpu, peers);
    }

    private (long Highest, long Current, long Clock, long Head) Chain(DateTimeOffset now, TimeSpan uptime)
    {
        var highest = ChainClock.BlockAt(now);
        var clock = ChainClock.SlotAt(now);
        var remaining = _args.SyncSeconds > 0 ? Math.Max(0, 1 - uptime.TotalSeconds / _args.SyncSeconds) : 0;
        return (highest, highest - (long)Math.Ceiling(InitialSyncGapBlocks * remaining),
                clock, clock - (long)Math.Ceiling(InitialSyncGapSlots * remaining));
    }

    private double Wave(DateTimeOffset now, double periodSeconds) =>
        Math.Sin((now - _started).TotalSeconds / periodSeconds * Math.Tau + _phase);

    /// <summary>Cores from a machine size such as Standard_D8s_v5 or c6i.2xlarge; 4 when the size says nothing.</summary>
    internal static int CoresOf(string? size)
    {
        if (string.IsNullOrEmpty(size)) return 4;
        var xl = size.IndexOf("xlarge", StringComparison.OrdinalIgnoreCase);
        if (xl >= 0)
        {
            var start = xl;
            while (start > 0 && char.IsAsciiDigit(size[start - 1])) start--;
            return start == xl ? 4 : Math.Clamp(4 * int.Parse(size.AsSpan(start, xl - start), System.Globalization.CultureInfo.InvariantCulture), 1, 512);
        }
        for (var i = 0; i < size.Length; i++)
        {
            if (!char.IsAsciiDigit(size[i])) continue;
            var j = i;
            while (j < size.Length && char.IsAsciiDigit(size[j])) j++;
            return Math.Clamp(int.Parse(size.AsSpan(i, j - i), System.Globalization.CultureInfo.InvariantCulture), 1, 512);
        }
        return 4;
    }

    /// <summary>FNV-1a: string.GetHashCode changes per process, and a node's phase should not.</summary>
    internal static uint StableHash(string text)
    {
        var hash = 2166136261u;
        foreach (var c in text)
        {
            hash = (hash ^ c) * 16777619u;
        }
        return hash;
    }
}
