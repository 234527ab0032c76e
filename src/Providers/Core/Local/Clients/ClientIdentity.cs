using System.Text.Json;

namespace GitOpsFleet.Providers.Local.Clients;

/// <summary>
/// A real client takes only its own options, so the node's identity (fleet, pool, name, software, labels) rides
/// in one environment variable that /proc shows as the command line does for a simulated node. An operator who
/// restarts a client by hand from /proc (its command line and environment) restarts the same node.
/// </summary>
internal static class ClientIdentity
{
    public const string Variable = "GITOPSFLEET_NODE_ARGS";

    public static string Encode(NodeArguments args) => JsonSerializer.Serialize(args.ToArgs().ToArray(), ClientJsonContext.Default.StringArray);

    /// <summary>The node a client process is, or null for any other process (checked by executable name before the environment is read).</summary>
    public static NodeArguments? Read(int pid, byte[] rawCommandLine)
    {
        var end = Array.IndexOf(rawCommandLine, (byte)0);
        var program = Path.GetFileName(System.Text.Encoding.UTF8.GetString(rawCommandLine, 0, end < 0 ? rawCommandLine.Length : end));
        if (!ClientTable.ExecutableNames.Contains(program)) return null;
        if (ProcessTable.ReadEnvironmentVariable(pid, Variable) is not { } text) return null;
        try
        {
            return JsonSerializer.Deserialize(text, ClientJsonContext.Default.StringArray) is { } argv ? NodeArguments.TryParse(argv, out _) : null;
        }
        catch (JsonException)
        {
            return null;
        }
    }
}
