using System.Diagnostics;
using System.Globalization;
using System.Text.Json;

namespace GitOpsFleet.Reconciler.Tests.Support;

/// <summary>Finds and kills the real node processes of a fleet by their command line (what `ps` shows).</summary>
internal static class NodeProcesses
{
    public static IReadOnlyList<(int Pid, string Name, string CommandLine)> OfFleet(string fleet)
    {
        var list = new List<(int, string, string)>();
        foreach (var dir in Directory.EnumerateDirectories("/proc"))
        {
            if (!int.TryParse(Path.GetFileName(dir), out var pid)) continue;
            string[] args;
            try
            {
                args = File.ReadAllText(Path.Combine(dir, "cmdline")).Split('\0', StringSplitOptions.RemoveEmptyEntries);
            }
            catch (IOException)
            {
                continue;
            }
            catch (UnauthorizedAccessException)
            {
                continue;
            }
            var fleetAt = Array.IndexOf(args, "--fleet");
            if (fleetAt < 0 || fleetAt + 1 >= args.Length || args[fleetAt + 1] != fleet || !args.Contains("node")) continue;
            var nameAt = Array.IndexOf(args, "--name");
            list.Add((pid, nameAt >= 0 && nameAt + 1 < args.Length ? args[nameAt + 1] : "?", string.Join(' ', args)));
        }
        return list.OrderBy(p => p.Item2, StringComparer.Ordinal).ToList();
    }

    private static readonly HttpClient Http = new() { Timeout = TimeSpan.FromSeconds(5) };

    /// <summary>
    /// Waits until a node of the fleet whose command line passes <paramref name="commandLine"/> answers /healthz with its
    /// own pid. A listed process may not have bound its port yet, and a run reading the fleet then sees it unhealthy.
    /// </summary>
    public static Task WaitServingAsync(string fleet, string node, Func<string, bool> commandLine) =>
        Eventually.UntilAsync(
            async () => OfFleet(fleet).FirstOrDefault(n => n.Name == node && commandLine(n.CommandLine)) is { Pid: > 0 } found && await AnswersAsync(found.Pid),
            TimeSpan.FromSeconds(60), $"node {node} of fleet {fleet} did not answer /healthz as itself");

    private static async Task<bool> AnswersAsync(int pid)
    {
        string[] args;
        try
        {
            args = File.ReadAllText($"/proc/{pid}/cmdline").Split('\0', StringSplitOptions.RemoveEmptyEntries);
        }
        catch (IOException)
        {
            return false;
        }
        string? Arg(string name) => Array.IndexOf(args, name) is var at and >= 0 && at + 1 < args.Length ? args[at + 1] : null;
        var port = int.TryParse(Arg("--port"), CultureInfo.InvariantCulture, out var p) ? p : 0;
        // Port 0 asks the system for one; the node then writes the port it got beside its record.
        var portFile = Arg("--state-dir") is { } dir && Arg("--name") is { } name ? Path.Combine(dir, "nodes", name + ".port") : null;
        if (port == 0 && portFile is not null && File.Exists(portFile)) int.TryParse(File.ReadAllText(portFile), CultureInfo.InvariantCulture, out port);
        if (port <= 0) return false;
        try
        {
            using var doc = JsonDocument.Parse(await Http.GetStringAsync($"http://127.0.0.1:{port}/healthz"));
            return doc.RootElement.TryGetProperty("pid", out var answered) && answered.TryGetInt32(out var id) && id == pid;
        }
        catch (Exception e) when (e is HttpRequestException or TaskCanceledException or JsonException or IOException)
        {
            return false;
        }
    }

    public static void Kill(int pid)
    {
        try
        {
            using var p = Process.GetProcessById(pid);
            p.Kill();
            p.WaitForExit(5000);
        }
        catch (ArgumentException)
        {
        }
        catch (InvalidOperationException)
        {
        }
    }

    public static void KillFleet(string fleet)
    {
        foreach (var (pid, _, _) in OfFleet(fleet)) Kill(pid);
    }
}
