using System.Globalization;
using System.Net;
using System.Net.Sockets;

namespace GitOpsFleet.Providers.Local;

public sealed partial class LocalProvider
{
    /// <summary>How long the old node's port is given to accept a connection before it counts as silent.</summary>
    private static readonly TimeSpan PortAnswerTimeout = TimeSpan.FromSeconds(1);

    /// <summary>
    /// Doppelganger check for a replacement: the old node is gone only if no process of the fleet carries its name, the
    /// process its record names (pid and start time, so a reused pid does not count) is not running, and nothing accepts a
    /// connection on the port it recorded. Observe can call a node dead that is still running where the process table
    /// does not show it as that node; the record's pid and port still find it.
    /// </summary>
    public async Task<string?> ConfirmGoneAsync(PlannedAction action, FleetScope fleet, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(action);
        if (!ProcessTable.IsSupported) return "the local provider runs on Linux only, so it cannot confirm the old node is gone";
        var named = NodeProcess.Scan(action.Fleet, _programNames).Where(p => p.Arguments.Name == action.Node).Select(p => p.Pid).ToList();
        if (named.Count > 0)
        {
            return string.Create(CultureInfo.InvariantCulture, $"a process of node {action.Node} still runs (pid {string.Join(", ", named)})");
        }
        if (NodeRecordStore.Read(_layout.FleetDirectory(action.Fleet), action.Node) is not { } record) return null;
        if (ProcessTable.IsAlive(record.Pid, record.StartTicks))
        {
            return string.Create(CultureInfo.InvariantCulture, $"the old process of node {action.Node} (pid {record.Pid}, as recorded) still runs");
        }
        if (record.Port > 0 && await AnswersAsync(record.Port, cancellationToken))
        {
            return string.Create(CultureInfo.InvariantCulture, $"the old port of node {action.Node} ({record.Port}) still answers");
        }
        return null;
    }

    private async Task<bool> AnswersAsync(int port, CancellationToken cancellationToken)
    {
        using var deadline = new CancellationTokenSource(PortAnswerTimeout, _time);
        using var linked = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken, deadline.Token);
        using var socket = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp);
        try
        {
            await socket.ConnectAsync(new IPEndPoint(IPAddress.Loopback, port), linked.Token);
            return true;
        }
        catch (SocketException)
        {
            return false;
        }
        catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
        {
            // Accepted nothing in time: nothing there answers.
            return false;
        }
    }
}
