using System.Globalization;
using GitOpsFleet.Model;

namespace GitOpsFleet.Providers.Local;

public sealed partial class LocalProvider
{
    /// <summary>
    /// The fleet's nodes as /proc shows them. A process whose name the provider recorded is managed,
    /// even when somebody restarted it by hand with another version (the same node, changed); a
    /// process of the fleet nobody recorded is unmanaged; a record without a process is dead.
    /// </summary>
    public async Task<IReadOnlyList<ObservedNode>> ObserveAsync(FleetScope fleet, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(fleet);
        if (!ProcessTable.IsSupported) return [];
        var fleetDir = _layout.FleetDirectory(fleet.Fleet);
        var records = NodeRecordStore.List(fleetDir).Where(r => r.Fleet == fleet.Fleet).ToDictionary(r => r.Name, StringComparer.Ordinal);
        var processes = NodeProcess.Scan(fleet.Fleet, _programNames);

        var running = new List<(NodeProcess Process, NodeRecord? Record, bool Managed)>();
        foreach (var group in processes.GroupBy(p => p.Arguments.Name, StringComparer.Ordinal))
        {
            records.TryGetValue(group.Key, out var record);
            // The recorded process is the node; failing that, the newest process of that name took its place.
            var primary = record is null
                ? null
                : group.FirstOrDefault(p => p.Pid == record.Pid && p.StartTicks == record.StartTicks)
                  ?? group.OrderByDescending(p => p.StartTicks).First();
            foreach (var process in group)
            {
                running.Add((process, ReferenceEquals(process, primary) ? record : null, ReferenceEquals(process, primary)));
            }
        }

        ForgetHeads(fleet.Fleet, processes);
        var observed = await Task.WhenAll(running.Select(r => ObserveRunningAsync(fleetDir, r.Process, r.Record, r.Managed, cancellationToken)));
        var nodes = new List<ObservedNode>(observed);
        var alive = new HashSet<string>(processes.Select(p => p.Arguments.Name), StringComparer.Ordinal);
        foreach (var record in records.Values)
        {
            if (!alive.Contains(record.Name)) nodes.Add(Dead(record));
        }
        nodes.Sort((a, b) => string.CompareOrdinal(a.Name, b.Name) is var c && c != 0 ? c : string.CompareOrdinal(a.ProviderId, b.ProviderId));
        return nodes;
    }

    private async Task<ObservedNode> ObserveRunningAsync(string fleetDir, NodeProcess process, NodeRecord? record, bool managed, CancellationToken cancellationToken)
    {
        if (process.IsClient)
        {
            return await ObserveClientAsync(process, record, managed, cancellationToken);
        }
        var (port, reading) = await ProbeAsync(fleetDir, process, record, cancellationToken);
        var args = process.Arguments;
        var healthy = reading is { Healthy: true };
        return new ObservedNode(
            ProviderName,
            args.Fleet,
            args.Pool,
            args.Name,
            args.Software,
            args.Machine,
            args.Labels,
            healthy ? NodeState.Running : NodeState.Unhealthy,
            managed,
            Address: port is { } p ? string.Create(CultureInfo.InvariantCulture, $"http://127.0.0.1:{p}") : null,
            ProviderId: process.Pid.ToString(CultureInfo.InvariantCulture),
            Since: ProcessTable.StartTime(process.StartTicks));
    }

    /// <summary>
    /// Finds the port that answers for this very process. The cheap guesses come first (the record,
    /// the command line, the port file); the socket table is the last resort, for a node started by
    /// hand with <c>--port 0</c> and no state folder.
    /// </summary>
    private async Task<(int? Port, HealthReading? Reading)> ProbeAsync(string fleetDir, NodeProcess process, NodeRecord? record, CancellationToken cancellationToken)
    {
        var tried = new HashSet<int>();
        foreach (var candidate in Candidates(fleetDir, process, record))
        {
            if (!tried.Add(candidate)) continue;
            var reading = await _health.ReadAsync(candidate, cancellationToken);
            if (reading is not null && reading.Pid == process.Pid) return (candidate, reading);
        }
        if (ProcessTable.ListeningPort(process.Pid) is { } listening && tried.Add(listening))
        {
            var reading = await _health.ReadAsync(listening, cancellationToken);
            return (listening, reading is not null && reading.Pid == process.Pid ? reading : null);
        }
        return (tried.Count > 0 ? tried.First() : null, null);
    }

    private static IEnumerable<int> Candidates(string fleetDir, NodeProcess process, NodeRecord? record)
    {
        if (record is not null && record.Pid == process.Pid && record.Port > 0) yield return record.Port;
        if (process.Arguments.Port > 0) yield return process.Arguments.Port;
        var dir = process.Arguments.StateDirectory ?? fleetDir;
        if (ReadPortFile(LocalStateLayout.PortPath(dir, process.Arguments.Name)) is { } fromFile) yield return fromFile;
    }

    private static int? ReadPortFile(string path)
    {
        try
        {
            return File.Exists(path) && int.TryParse(File.ReadAllText(path).Trim(), NumberStyles.None, CultureInfo.InvariantCulture, out var port) ? port : null;
        }
        catch (IOException)
        {
            return null;
        }
    }

    private static ObservedNode Dead(NodeRecord record) => new(
        ProviderName,
        record.Fleet,
        record.Pool,
        record.Name,
        new SoftwareSpec(record.Software, record.Version, ParseConsensus(record.Consensus)),
        new MachineSpec(record.Size, record.Image),
        record.Labels,
        NodeState.Dead,
        Managed: true);

    private static SoftwareSpec? ParseConsensus(string? text)
    {
        if (string.IsNullOrEmpty(text)) return null;
        var colon = text.IndexOf(':');
        return colon > 0 ? new SoftwareSpec(text[..colon], text[(colon + 1)..]) : null;
    }
}
