namespace GitOpsFleet.Providers.Ansible.Tests;

/// <summary>Reads /proc, the way `ps` does, to see command lines and process groups.</summary>
internal static class ProcessTable
{
    public sealed record Entry(int Pid, int Group, char State, string CommandLine);

    public static IReadOnlyList<Entry> Snapshot()
    {
        var entries = new List<Entry>();
        foreach (var dir in Directory.EnumerateDirectories("/proc"))
        {
            if (!int.TryParse(Path.GetFileName(dir), out var pid)) continue;
            try
            {
                var stat = File.ReadAllText(Path.Combine(dir, "stat"));
                // The command name may hold spaces and parentheses: fields start after the last ')'.
                var fields = stat[(stat.LastIndexOf(')') + 2)..].Split(' ');
                var cmdline = File.ReadAllText(Path.Combine(dir, "cmdline")).Replace('\0', ' ').Trim();
                entries.Add(new Entry(pid, int.Parse(fields[2]), fields[0][0], cmdline));
            }
            catch (IOException)
            {
                // The process ended while we read it.
            }
            catch (UnauthorizedAccessException)
            {
            }
        }
        return entries;
    }

    /// <summary>Processes of the group that still run (zombies waiting to be reaped do not count).</summary>
    public static IReadOnlyList<Entry> LiveMembers(int group) =>
        Snapshot().Where(e => e.Group == group && e.State != 'Z' && e.State != 'X').ToList();
}
