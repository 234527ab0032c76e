using System.ComponentModel;
using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Net.Sockets;
using GitOpsFleet.Model;
using GitOpsFleet.Providers.Local.Clients;

namespace GitOpsFleet.Providers.Local;

/// <summary>
/// Real clients (<see cref="ClientTable"/>): started from their own executable with arguments from the table,
/// recognised in /proc by their environment, and observed by asking them over JSON-RPC, so a client restarted by
/// hand on another chain is seen in what it says, not in what we launched.
/// </summary>
public sealed partial class LocalProvider
{
    public async ValueTask<ProviderAvailability> CheckPoolAsync(FleetScope fleet, PoolSpec pool, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(pool);
        if (ClientTable.Find(pool.Software.Name) is not { } client) return ProviderAvailability.Available;
        var executable = await _clients.LocateAsync(client, pool.Software, cancellationToken);
        return executable.Usable ? ProviderAvailability.Available : ProviderAvailability.Unavailable(executable.Problem!);
    }

    private async Task<ActionResult> StartClientAsync(PlannedAction action, NodeArguments requested, ClientDefinition client, long started, CancellationToken cancellationToken)
    {
        var executable = await _clients.LocateAsync(client, requested.Software, cancellationToken);
        if (!executable.Usable) return ActionResult.Failure(action, $"node {requested.Name}: {executable.Problem}", _time.GetElapsedTime(started));

        var args = requested with { Port = FreeLoopbackPort(), StateDirectory = null, SyncSeconds = 0 };
        var fleetDir = _layout.FleetDirectory(args.Fleet);
        Directory.CreateDirectory(LocalStateLayout.NodesDirectory(fleetDir));
        var logPath = LocalStateLayout.LogPath(fleetDir, args.Name);
        Directory.CreateDirectory(Path.GetDirectoryName(logPath)!);
        var argv = new List<string> { executable.Path! };
        argv.AddRange(client.Arguments(new ClientLaunch(args.Port, ClientTable.ChainIdOf(args.Labels))));
        var logStart = AppendLogHeader(logPath, argv);

        var identity = new Dictionary<string, string> { [ClientIdentity.Variable] = ClientIdentity.Encode(args) };
        if (Launch(fleetDir, logPath, argv, identity, out var process) is { } launchError)
        {
            return ActionResult.Failure(action, $"node {args.Name} did not start{launchError}", _time.GetElapsedTime(started));
        }

        using (process)
        {
            var pid = process.Id;
            var ticks = ProcessTable.ReadStat(pid)?.StartTicks ?? 0;
            NodeRecordStore.Write(fleetDir, ClientRecord(args, argv, pid, ticks));
            Log.NodeStarting(_logger, args.Fleet, args.Name, pid);
            while (true)
            {
                if (process.HasExited)
                {
                    NodeRecordStore.Delete(fleetDir, args.Name);
                    var tail = LogTail(logPath, logStart);
                    Log.NodeStartFailed(_logger, args.Fleet, args.Name, $"exited with code {process.ExitCode}");
                    return ActionResult.Failure(action,
                        string.Create(CultureInfo.InvariantCulture, $"node {args.Name} ({client.Name}) exited with code {process.ExitCode} while starting{LastLine(tail)}"),
                        _time.GetElapsedTime(started), tail);
                }
                // Only this process listening on the port counts: another program may have taken the port meanwhile.
                if (ProcessTable.ListeningPort(pid) == args.Port && await _rpc.ReadAsync(args.Port, cancellationToken) is { Error: null } reading)
                {
                    var elapsed = _time.GetElapsedTime(started);
                    Log.NodeStarted(_logger, args.Fleet, args.Name, pid, args.Port, elapsed.TotalMilliseconds);
                    return ActionResult.Success(action,
                        string.Create(CultureInfo.InvariantCulture,
                            $"started node {args.Name} ({reading.ClientVersion}, chain {reading.ChainId}) as pid {pid} on 127.0.0.1:{args.Port} in {elapsed.TotalMilliseconds:F0} ms"),
                        ObservedClient(args, pid, ticks, args.Port, reading, managed: true), elapsed);
                }
                if (_time.GetElapsedTime(started) >= _options.StartTimeout)
                {
                    ProcessTable.Kill(pid);
                    NodeRecordStore.Delete(fleetDir, args.Name);
                    var tail = LogTail(logPath, logStart);
                    Log.NodeStartFailed(_logger, args.Fleet, args.Name, "no answer on JSON-RPC");
                    return ActionResult.Failure(action,
                        string.Create(CultureInfo.InvariantCulture,
                            $"node {args.Name} ({client.Name}) did not answer JSON-RPC within {_options.StartTimeout.TotalSeconds:0.#} s and was killed{LastLine(tail)}"),
                        _time.GetElapsedTime(started), tail);
                }
                await Task.Delay(TimeSpan.FromMilliseconds(50), _time, cancellationToken);
            }
        }
    }

    private async Task<ObservedNode> ObserveClientAsync(NodeProcess process, NodeRecord? record, bool managed, CancellationToken cancellationToken)
    {
        // The socket table says which port this very process serves; the recorded and launched ports are fallbacks
        // for a client that holds no listening socket at the moment (and then does not answer anyway).
        var port = ProcessTable.ListeningPort(process.Pid)
                   ?? (record is not null && record.Pid == process.Pid && record.Port > 0 ? record.Port : process.Arguments.Port);
        var reading = await _rpc.ReadAsync(port, cancellationToken);
        return ObservedClient(process.Arguments, process.Pid, process.StartTicks, port, reading, managed);
    }

    private ObservedNode ObservedClient(NodeArguments args, int pid, long startTicks, int port, ClientReading reading, bool managed)
    {
        var reason = Unhealthy(args, pid, reading);
        var software = reading.Software() is { } answered ? new SoftwareSpec(answered.Name, answered.Version) : args.Software;
        // A version the pool writes as v1.7.1 and the client as 1.7.1 is the same: keep the pool's spelling then.
        if (string.Equals(software.Name, args.Software.Name, StringComparison.Ordinal) && ClientTable.SameVersion(args.Software, software.Version)) software = args.Software;
        var labels = new Dictionary<string, string>(args.Labels.Count + 1, StringComparer.Ordinal);
        foreach (var (key, value) in args.Labels) labels[key] = value;
        // The chain is what the client says it serves: a node restarted on another chain id shows as a changed label.
        if (reading.ChainId is { } chain && chain != ClientTable.ChainIdOf(args.Labels))
        {
            labels[ClientTable.ChainIdLabel] = chain.ToString(CultureInfo.InvariantCulture);
        }
        return new ObservedNode(
            ProviderName, args.Fleet, args.Pool, args.Name, software, args.Machine, labels,
            reason is null ? NodeState.Running : NodeState.Unhealthy,
            managed,
            Address: string.Create(CultureInfo.InvariantCulture, $"http://127.0.0.1:{port}"),
            ProviderId: pid.ToString(CultureInfo.InvariantCulture),
            Since: ProcessTable.StartTime(startTicks),
            StateReason: reason,
            Client: reading.Error is null ? new ClientFacts(reading.ClientVersion, reading.ChainId, reading.Syncing, reading.Head, reading.Peers) : null);
    }

    /// <summary>Why a client is not healthy, or null: no answer, syncing, no peers where it has p2p, or a head that stopped.</summary>
    private string? Unhealthy(NodeArguments args, int pid, ClientReading reading)
    {
        if (reading.Error is { } error) return error;
        if (reading.Syncing == true) return "eth_syncing says the client is syncing";
        if (reading.Peers == 0) return "net_peerCount is 0";
        if (reading.Head is not { } head) return "eth_blockNumber gave no head";
        var now = _time.GetTimestamp();
        var key = HeadKey(args.Fleet, args.Name, pid);
        var seen = _heads.AddOrUpdate(key, _ => (head, now), (_, last) => head > last.Head ? (head, now) : last);
        var stalled = _time.GetElapsedTime(seen.Since, now);
        return stalled >= _options.HeadStallTimeout
            ? string.Create(CultureInfo.InvariantCulture, $"head stuck at block {head} for {stalled.TotalSeconds:0} s")
            : null;
    }

    /// <summary>Drops the heads of the fleet's clients that are gone, so a long-running service keeps one entry per live client.</summary>
    private void ForgetHeads(string fleet, IReadOnlyList<NodeProcess> processes)
    {
        var live = processes.Where(p => p.IsClient).Select(p => HeadKey(fleet, p.Arguments.Name, p.Pid)).ToHashSet(StringComparer.Ordinal);
        foreach (var key in _heads.Keys)
        {
            if (key.StartsWith(fleet + "\0", StringComparison.Ordinal) && !live.Contains(key)) _heads.TryRemove(key, out _);
        }
    }

    private static string HeadKey(string fleet, string node, int pid) => string.Create(CultureInfo.InvariantCulture, $"{fleet}\0{node}\0{pid}");

    private NodeRecord ClientRecord(NodeArguments args, IReadOnlyList<string> argv, int pid, long startTicks) => new(
        args.Fleet, args.Pool, args.Name, pid, startTicks, args.Port, _time.GetUtcNow(), argv,
        args.Software.Name, args.Software.Version, null, args.Machine.Size, args.Machine.Image, args.Labels);

    /// <summary>A port the kernel just handed out on loopback; the client binds it a moment later (a start that loses the race fails and is retried).</summary>
    private static int FreeLoopbackPort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        var port = ((IPEndPoint)listener.LocalEndpoint).Port;
        listener.Stop();
        return port;
    }
}
