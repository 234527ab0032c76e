using System.Diagnostics;

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
