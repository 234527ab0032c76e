namespace GitOpsFleet.Providers.Local;

/// <summary>
/// Where the local provider and its nodes keep files. Each fleet has its own folder, so two fleets
/// may use the same node names: <c>fleets/&lt;fleet&gt;/nodes/&lt;name&gt;.json</c> (the provider's record),
/// <c>.port</c> (written by the node), <c>.load</c> (a node's load knob), <c>pools/&lt;pool&gt;.load</c>
/// (a pool's total load, shared by its live nodes) and <c>logs/&lt;name&gt;.log</c>.
/// </summary>
internal sealed class LocalStateLayout(string root)
{
    public string Root { get; } = Path.GetFullPath(root);

    public string FleetDirectory(string fleet) => Path.Combine(Root, "fleets", SafeName(fleet));

    public static string NodesDirectory(string fleetDirectory) => Path.Combine(fleetDirectory, "nodes");

    public static string RecordPath(string fleetDirectory, string node) => Path.Combine(NodesDirectory(fleetDirectory), SafeName(node) + ".json");

    public static string PortPath(string fleetDirectory, string node) => Path.Combine(NodesDirectory(fleetDirectory), SafeName(node) + ".port");

    public static string NodeLoadPath(string fleetDirectory, string node) => Path.Combine(NodesDirectory(fleetDirectory), SafeName(node) + ".load");

    public static string PoolLoadPath(string fleetDirectory, string pool) => Path.Combine(fleetDirectory, "pools", SafeName(pool) + ".load");

    public static string LogPath(string fleetDirectory, string node) => Path.Combine(fleetDirectory, "logs", SafeName(node) + ".log");

    /// <summary>Names come from repository content: keep them from escaping the state folder.</summary>
    public static string SafeName(string name)
    {
        var safe = true;
        foreach (var c in name)
        {
            if (!(char.IsAsciiLetterOrDigit(c) || c is '-' or '_' or '.')) { safe = false; break; }
        }
        if (safe && name.Length > 0 && name != "." && name != "..") return name;
        var cleaned = new string(name.Select(c => char.IsAsciiLetterOrDigit(c) || c is '-' or '_' ? c : '_').ToArray());
        var hash = Convert.ToHexString(System.Security.Cryptography.SHA256.HashData(System.Text.Encoding.UTF8.GetBytes(name)))[..8];
        return $"{cleaned}~{hash}".ToLowerInvariant();
    }
}
