using GitOpsFleet.Providers.Local.Clients;

namespace GitOpsFleet.Providers.Local;

/// <summary>
/// A running node process found in /proc, with the arguments parsed from its command line (a simulated node)
/// or from its environment (a real client, whose command line is the client's own).
/// </summary>
internal sealed record NodeProcess(int Pid, long StartTicks, NodeArguments Arguments, bool IsClient = false)
{
    /// <summary>The node processes of one fleet, whoever started them.</summary>
    public static IReadOnlyList<NodeProcess> Scan(string fleet, IReadOnlyCollection<string> programNames)
    {
        // Matched on the raw bytes first: parsing every process's argv would cost more than reading it.
        var marker = System.Text.Encoding.UTF8.GetBytes($"\0--fleet\0{fleet}\0");
        var inline = System.Text.Encoding.UTF8.GetBytes($"\0--fleet={fleet}\0");
        var self = Environment.ProcessId;
        var found = new List<NodeProcess>();
        foreach (var pid in ProcessTable.Pids())
        {
            if (pid == self) continue;
            var raw = ProcessTable.ReadRawCommandLine(pid);
            if (raw is null || raw.Length == 0) continue;
            if (raw[^1] != 0) raw = [.. raw, 0];
            NodeArguments? args;
            var client = false;
            if (ProcessTable.CommandLineContains(raw, marker) || ProcessTable.CommandLineContains(raw, inline))
            {
                var argv = System.Text.Encoding.UTF8.GetString(raw, 0, raw.Length - 1).Split('\0');
                args = NodeArguments.FromCommandLine(argv, programNames);
            }
            else
            {
                args = ClientIdentity.Read(pid, raw);
                client = true;
            }
            if (args is null || args.Fleet != fleet) continue;
            if (ProcessTable.ReadStat(pid) is not { } stat || stat.State is 'Z' or 'X' or 'x') continue;
            found.Add(new NodeProcess(pid, stat.StartTicks, args, client));
        }
        return found;
    }
}
