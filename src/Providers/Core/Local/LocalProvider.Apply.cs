using System.Globalization;

namespace GitOpsFleet.Providers.Local;

public sealed partial class LocalProvider
{
    /// <summary>
    /// Applies one action. A node that cannot start, stop or be found is a Failed result that names
    /// the node (with the end of its log), never an exception; only cancellation is thrown.
    /// </summary>
    public async Task<ActionResult> ApplyAsync(PlannedAction action, FleetScope fleet, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(action);
        var started = _time.GetTimestamp();
        var gate = NodeLock(action.Fleet, action.Node);
        await gate.WaitAsync(cancellationToken);
        try
        {
            if (!ProcessTable.IsSupported)
            {
                return ActionResult.Failure(action, $"node {action.Node}: the local provider runs on Linux only", _time.GetElapsedTime(started));
            }
            return action.Kind switch
            {
                ActionKind.Create => await CreateAsync(action, started, cancellationToken),
                ActionKind.Update or ActionKind.Replace => await ReplaceAsync(action, started, cancellationToken),
                ActionKind.Delete => await DeleteAsync(action, started, cancellationToken),
                _ => ActionResult.Failure(action, $"node {action.Node}: unknown action {action.Kind}", _time.GetElapsedTime(started)),
            };
        }
        catch (Exception e) when (e is not OperationCanceledException)
        {
            Log.ActionFailed(_logger, action.Kind.ToString(), action.Fleet, action.Node, e);
            return ActionResult.Failure(action, $"node {action.Node}: {action.Kind} failed: {e.Message}", _time.GetElapsedTime(started));
        }
        finally
        {
            gate.Release();
        }
    }

    private async Task<ActionResult> CreateAsync(PlannedAction action, long started, CancellationToken cancellationToken)
    {
        if (action.Desired is not { } desired) return NoDesired(action, started);
        var wanted = Arguments(desired);
        var fleetDir = _layout.FleetDirectory(action.Fleet);
        var existing = NodeProcess.Scan(action.Fleet, _programNames).Where(p => p.Arguments.Name == action.Node).ToList();

        // Level-triggered: a create for a node that already runs as asked (a twin in the making after
        // a restart, or a plan made before an adoption) adopts it instead of starting another.
        if (existing.Count == 1 && SameSpec(existing[0].Arguments, wanted))
        {
            var process = existing[0];
            if (process.IsClient)
            {
                var node = await ObserveClientAsync(process, null, managed: true, cancellationToken);
                var clientPort = node.Address is { } a ? new Uri(a).Port : 0;
                NodeRecordStore.Write(fleetDir, ClientRecord(process.Arguments with { Port = clientPort }, ProcessTable.ReadCommandLine(process.Pid) ?? [], process.Pid, process.StartTicks));
                Log.NodeAdopted(_logger, action.Fleet, action.Node, process.Pid);
                return ActionResult.Success(action,
                    string.Create(CultureInfo.InvariantCulture, $"node {action.Node} already runs as pid {process.Pid}; adopted"), node with { Managed = true }, _time.GetElapsedTime(started));
            }
            var (port, reading) = await ProbeAsync(fleetDir, process, null, cancellationToken);
            NodeRecordStore.Write(fleetDir, Record(wanted, process.Pid, process.StartTicks, port ?? 0));
            Log.NodeAdopted(_logger, action.Fleet, action.Node, process.Pid);
            return ActionResult.Success(action,
                string.Create(CultureInfo.InvariantCulture, $"node {action.Node} already runs as pid {process.Pid}; adopted"),
                Observed(wanted, process.Pid, process.StartTicks, port, reading), _time.GetElapsedTime(started));
        }
        if (existing.Count > 0)
        {
            await StopProcessesAsync(existing.ToDictionary(p => p.Pid, p => p.StartTicks), cancellationToken);
        }
        return await StartAsync(action, wanted, started, cancellationToken);
    }

    private async Task<ActionResult> ReplaceAsync(PlannedAction action, long started, CancellationToken cancellationToken)
    {
        if (action.Desired is not { } desired) return NoDesired(action, started);
        await StopNodeAsync(action.Fleet, action.Node, cancellationToken);
        return await StartAsync(action, Arguments(desired), started, cancellationToken);
    }

    private async Task<ActionResult> DeleteAsync(PlannedAction action, long started, CancellationToken cancellationToken)
    {
        var fleetDir = _layout.FleetDirectory(action.Fleet);
        // An unmanaged twin (started by hand under a managed node's name) is removed alone; the managed node stays.
        if (action.Observed is { Managed: false, ProviderId: { } id } && int.TryParse(id, NumberStyles.None, CultureInfo.InvariantCulture, out var pid))
        {
            var target = NodeProcess.Scan(action.Fleet, _programNames).Where(p => p.Pid == pid && p.Arguments.Name == action.Node).ToDictionary(p => p.Pid, p => p.StartTicks);
            await StopProcessesAsync(target, cancellationToken);
            var record = NodeRecordStore.Read(fleetDir, action.Node);
            if (record is null || record.Pid == pid) NodeRecordStore.Delete(fleetDir, action.Node);
            return ActionResult.Success(action, string.Create(CultureInfo.InvariantCulture, $"stopped unmanaged node {action.Node} (pid {pid})"), null, _time.GetElapsedTime(started));
        }
        var stopped = await StopNodeAsync(action.Fleet, action.Node, cancellationToken);
        NodeRecordStore.Delete(fleetDir, action.Node);
        TryDelete(LocalStateLayout.NodeLoadPath(fleetDir, action.Node));
        Log.NodeDeleted(_logger, action.Fleet, action.Node, stopped);
        return ActionResult.Success(action,
            stopped == 0 ? $"node {action.Node} was not running; record removed" : string.Create(CultureInfo.InvariantCulture, $"stopped node {action.Node}"),
            null, _time.GetElapsedTime(started));
    }

    /// <summary>Stops every process that carries the node's name in the fleet, and the recorded one.</summary>
    private async Task<int> StopNodeAsync(string fleet, string node, CancellationToken cancellationToken)
    {
        var targets = NodeProcess.Scan(fleet, _programNames).Where(p => p.Arguments.Name == node).ToDictionary(p => p.Pid, p => p.StartTicks);
        if (NodeRecordStore.Read(_layout.FleetDirectory(fleet), node) is { } record && ProcessTable.IsAlive(record.Pid, record.StartTicks))
        {
            targets[record.Pid] = record.StartTicks;
        }
        await StopProcessesAsync(targets, cancellationToken);
        return targets.Count;
    }

    private NodeArguments Arguments(DesiredNode desired) => new(
        desired.Fleet, desired.Pool, desired.Name, desired.Software, desired.Machine, desired.Labels,
        Port: 0, StateDirectory: _layout.FleetDirectory(desired.Fleet), SyncSeconds: _options.SyncSeconds);

    private static bool SameSpec(NodeArguments a, NodeArguments b) =>
        a.Pool == b.Pool && a.Software == b.Software && a.Machine == b.Machine &&
        a.Labels.Count == b.Labels.Count && a.Labels.All(l => b.Labels.TryGetValue(l.Key, out var v) && v == l.Value);

    private NodeRecord Record(NodeArguments args, int pid, long startTicks, int port) => new(
        args.Fleet, args.Pool, args.Name, pid, startTicks, port, _time.GetUtcNow(),
        [.. _options.NodeCommand, NodeArguments.Verb, .. args.ToArgs()],
        args.Software.Name, args.Software.Version,
        args.Software.Consensus is { } cl ? $"{cl.Name}:{cl.Version}" : null,
        args.Machine.Size, args.Machine.Image, args.Labels);

    private static ObservedNode Observed(NodeArguments args, int pid, long startTicks, int? port, HealthReading? reading) => new(
        ProviderName, args.Fleet, args.Pool, args.Name, args.Software, args.Machine, args.Labels,
        reading is { Healthy: true } ? NodeState.Running : NodeState.Unhealthy,
        Managed: true,
        Address: port is { } p ? string.Create(CultureInfo.InvariantCulture, $"http://127.0.0.1:{p}") : null,
        ProviderId: pid.ToString(CultureInfo.InvariantCulture),
        Since: ProcessTable.StartTime(startTicks));

    private ActionResult NoDesired(PlannedAction action, long started) =>
        ActionResult.Failure(action, $"node {action.Node}: {action.Kind} needs the desired node", _time.GetElapsedTime(started));

    private static void TryDelete(string path)
    {
        try { File.Delete(path); } catch (IOException) { }
    }
}
