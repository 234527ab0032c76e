using System.Collections.Concurrent;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using GitOpsFleet.Providers.Local.Clients;

namespace GitOpsFleet.Providers.Local;

/// <summary>
/// The embedded default provider: every node is a real OS process on this machine, the simulated
/// node (<c>gitopsfleet node</c>) or a real client from <see cref="ClientTable"/> (anvil). What runs is read from /proc, not from memory, so a node killed or started by hand is
/// seen, and a restarted service adopts running nodes from the records in the state folder instead
/// of starting twins. Linux only (it needs /proc).
/// </summary>
public sealed partial class LocalProvider : IInfrastructureProvider, IDisposable
{
    public const string ProviderName = "local";

    private readonly LocalProviderOptions _options;
    private readonly TimeProvider _time;
    private readonly ILogger _logger;
    private readonly LocalStateLayout _layout;
    private readonly HealthProbe _health;
    private readonly JsonRpcProbe _rpc;
    private readonly ClientLocator _clients;

    // The last head each client reported and when it last moved, to tell a stalled client from a live one.
    private readonly ConcurrentDictionary<string, (long Head, long Since)> _heads = new(StringComparer.Ordinal);
    private readonly IReadOnlyCollection<string> _programNames;
    private readonly string? _setsid;

    // One action at a time per node; actions on different nodes run in parallel.
    private readonly ConcurrentDictionary<string, SemaphoreSlim> _nodeLocks = new(StringComparer.Ordinal);

    public LocalProvider(LocalProviderOptions options, TimeProvider? timeProvider = null, ILogger<LocalProvider>? logger = null)
    {
        ArgumentNullException.ThrowIfNull(options);
        var problems = options.Validate();
        if (problems.Count > 0) throw new ArgumentException(string.Join("; ", problems), nameof(options));
        _options = options;
        _time = timeProvider ?? TimeProvider.System;
        _logger = logger ?? (ILogger)NullLogger.Instance;
        _layout = new LocalStateLayout(options.StateDirectory);
        _health = new HealthProbe(options.HealthTimeout);
        _rpc = new JsonRpcProbe(options.HealthTimeout);
        _clients = new ClientLocator(options.ClientsFolder, TimeSpan.FromSeconds(10));
        // The node program is recognised in /proc by its file name, whichever path started it:
        // an operator may start a node by hand through the apphost or through dotnet and the dll.
        _programNames = new HashSet<string>(StringComparer.Ordinal)
        {
            "gitopsfleet", "gitopsfleet.dll", Path.GetFileName(options.NodeCommand[^1]),
        };
        _setsid = new[] { "/usr/bin/setsid", "/bin/setsid" }.FirstOrDefault(File.Exists);
    }

    public string Name => ProviderName;

    /// <summary>The folder where this provider keeps its records (one sub-folder per fleet).</summary>
    public string StateDirectory => _layout.Root;

    public ValueTask<ProviderAvailability> CheckAvailabilityAsync(FleetScope fleet, CancellationToken cancellationToken) =>
        ValueTask.FromResult(ProcessTable.IsSupported
            ? ProviderAvailability.Available
            : ProviderAvailability.Unavailable("the local provider reads processes from /proc and runs on Linux only"));

    /// <summary>
    /// Stops every node process of a fleet, recorded or started by hand, and forgets the records.
    /// Used by the demo and by tests to leave nothing behind. Returns how many processes were stopped.
    /// </summary>
    public async Task<int> StopAllAsync(string fleet, CancellationToken cancellationToken)
    {
        var fleetDir = _layout.FleetDirectory(fleet);
        var targets = new Dictionary<int, long>();
        foreach (var process in NodeProcess.Scan(fleet, _programNames)) targets[process.Pid] = process.StartTicks;
        foreach (var record in NodeRecordStore.List(fleetDir))
        {
            if (ProcessTable.IsAlive(record.Pid, record.StartTicks)) targets[record.Pid] = record.StartTicks;
        }
        await StopProcessesAsync(targets, cancellationToken);
        foreach (var record in NodeRecordStore.List(fleetDir)) NodeRecordStore.Delete(fleetDir, record.Name);
        Log.FleetStopped(_logger, fleet, targets.Count);
        return targets.Count;
    }

    /// <summary>
    /// Sets a pool's total simulated load; the pool's live nodes share it evenly, as behind a load
    /// balancer, so adding nodes lowers each node's rate. Null removes the knob.
    /// </summary>
    public void SetPoolLoad(string fleet, string pool, SimulatedLoad? load) =>
        WriteKnob(LocalStateLayout.PoolLoadPath(_layout.FleetDirectory(fleet), pool), load);

    /// <summary>Sets one node's simulated load, over the pool's share. Null removes the knob.</summary>
    public void SetNodeLoad(string fleet, string node, SimulatedLoad? load) =>
        WriteKnob(LocalStateLayout.NodeLoadPath(_layout.FleetDirectory(fleet), node), load);

    /// <summary>The file a node's standard output and error go to.</summary>
    public string LogPath(string fleet, string node) => LocalStateLayout.LogPath(_layout.FleetDirectory(fleet), node);

    public void Dispose()
    {
        _health.Dispose();
        _rpc.Dispose();
    }

    private static void WriteKnob(string path, SimulatedLoad? load)
    {
        if (load is null)
        {
            File.Delete(path);
            return;
        }
        Directory.CreateDirectory(Path.GetDirectoryName(path)!);
        var temp = path + ".tmp";
        File.WriteAllText(temp, load.ToJson());
        File.Move(temp, path, overwrite: true);
    }

    private SemaphoreSlim NodeLock(string fleet, string node) =>
        _nodeLocks.GetOrAdd(fleet + "\0" + node, _ => new SemaphoreSlim(1, 1));

    /// <summary>SIGTERM to each, then SIGKILL to those still alive when the stop timeout has passed.</summary>
    private async Task StopProcessesAsync(IReadOnlyDictionary<int, long> processes, CancellationToken cancellationToken)
    {
        if (processes.Count == 0) return;
        foreach (var pid in processes.Keys) ProcessTable.Terminate(pid);
        if (await WaitGoneAsync(processes, _options.StopTimeout, cancellationToken)) return;
        foreach (var (pid, ticks) in processes)
        {
            if (ProcessTable.IsAlive(pid, ticks))
            {
                Log.NodeKilled(_logger, pid);
                ProcessTable.Kill(pid);
            }
        }
        await WaitGoneAsync(processes, TimeSpan.FromSeconds(5), cancellationToken);
    }

    private async Task<bool> WaitGoneAsync(IReadOnlyDictionary<int, long> processes, TimeSpan timeout, CancellationToken cancellationToken)
    {
        var start = _time.GetTimestamp();
        while (true)
        {
            if (processes.All(p => !ProcessTable.IsAlive(p.Key, p.Value))) return true;
            if (_time.GetElapsedTime(start) >= timeout) return false;
            await Task.Delay(TimeSpan.FromMilliseconds(20), _time, cancellationToken);
        }
    }
}
