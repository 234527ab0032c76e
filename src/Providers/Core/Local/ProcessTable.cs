using System.Globalization;
using System.Runtime.InteropServices;
using System.Text;

namespace GitOpsFleet.Providers.Local;

/// <summary>
/// Reads Linux's /proc directly: it is the only view that also shows the nodes somebody started by
/// hand, and it is fast enough (a few milliseconds for a few hundred processes) to scan on every run.
/// </summary>
internal static class ProcessTable
{
    private const int SigKill = 9;
    private const int SigTerm = 15;

    // USER_HZ, the unit of /proc/<pid>/stat times, is 100 on every Linux architecture .NET runs on.
    private const double TicksPerSecond = 100;

    public static bool IsSupported => OperatingSystem.IsLinux() && Directory.Exists("/proc/self");

    public static IEnumerable<int> Pids()
    {
        foreach (var dir in Directory.EnumerateDirectories("/proc"))
        {
            var name = dir.AsSpan(6);
            if (name.Length > 0 && char.IsAsciiDigit(name[0]) && int.TryParse(name, NumberStyles.None, CultureInfo.InvariantCulture, out var pid))
            {
                yield return pid;
            }
        }
    }

    /// <summary>The argv of a process, or null when it is gone or not readable.</summary>
    public static string[]? ReadCommandLine(int pid)
    {
        var bytes = TryReadAll($"/proc/{pid}/cmdline");
        if (bytes is null || bytes.Length == 0) return null;
        var end = bytes.Length;
        if (bytes[end - 1] == 0) end--;
        return Encoding.UTF8.GetString(bytes, 0, end).Split('\0');
    }

    /// <summary>Cheap test before parsing: does the raw argv hold <paramref name="needle"/> (NUL-separated arguments)?</summary>
    public static bool CommandLineContains(byte[] cmdline, ReadOnlySpan<byte> needle) => cmdline.AsSpan().IndexOf(needle) >= 0;

    public static byte[]? ReadRawCommandLine(int pid) => TryReadAll($"/proc/{pid}/cmdline");

    /// <summary>One variable of a process's environment as it started (null when absent or unreadable: another user's process).</summary>
    public static string? ReadEnvironmentVariable(int pid, string name)
    {
        var bytes = TryReadAll($"/proc/{pid}/environ");
        if (bytes is null) return null;
        var prefix = name + "=";
        foreach (var entry in Encoding.UTF8.GetString(bytes).Split('\0'))
        {
            if (entry.StartsWith(prefix, StringComparison.Ordinal)) return entry[prefix.Length..];
        }
        return null;
    }

    /// <summary>State letter and start time (clock ticks since boot) from /proc/&lt;pid&gt;/stat.</summary>
    public static (char State, long StartTicks)? ReadStat(int pid)
    {
        var bytes = TryReadAll($"/proc/{pid}/stat");
        if (bytes is null) return null;
        var text = Encoding.ASCII.GetString(bytes);
        // The command name in parentheses may itself contain spaces and parentheses: fields resume after the last ')'.
        var close = text.LastIndexOf(')');
        if (close < 0) return null;
        var fields = text[(close + 2)..].Split(' ');
        // fields[0] is field 3 (state); starttime is field 22.
        if (fields.Length < 20 || fields[0].Length == 0) return null;
        return long.TryParse(fields[19], NumberStyles.None, CultureInfo.InvariantCulture, out var start) ? (fields[0][0], start) : null;
    }

    /// <summary>Alive and the same process: a zombie counts as gone, a different start time means the pid was reused.</summary>
    public static bool IsAlive(int pid, long startTicks)
    {
        if (pid <= 0) return false;
        var stat = ReadStat(pid);
        if (stat is not { } s || s.State is 'Z' or 'X' or 'x') return false;
        return startTicks <= 0 || s.StartTicks == startTicks;
    }

    public static DateTimeOffset? StartTime(long startTicks)
    {
        var boot = BootTime.Value;
        return boot is null ? null : boot.Value.AddSeconds(startTicks / TicksPerSecond);
    }

    public static bool Terminate(int pid) => pid > 0 && kill(pid, SigTerm) == 0;

    public static bool Kill(int pid) => pid > 0 && kill(pid, SigKill) == 0;

    /// <summary>
    /// The loopback TCP port a process listens on, found through its socket inodes. Only used for a
    /// node started by hand without a state folder, whose port nobody wrote down.
    /// </summary>
    public static int? ListeningPort(int pid)
    {
        var inodes = new HashSet<string>(StringComparer.Ordinal);
        try
        {
            foreach (var fd in Directory.EnumerateFileSystemEntries($"/proc/{pid}/fd"))
            {
                var target = new FileInfo(fd).LinkTarget;
                if (target is not null && target.StartsWith("socket:[", StringComparison.Ordinal))
                {
                    inodes.Add(target[8..^1]);
                }
            }
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            return null;
        }
        if (inodes.Count == 0) return null;
        foreach (var table in new[] { "/proc/net/tcp", "/proc/net/tcp6" })
        {
            var bytes = TryReadAll(table);
            if (bytes is null) continue;
            foreach (var line in Encoding.ASCII.GetString(bytes).Split('\n').Skip(1))
            {
                var cols = line.Split(' ', StringSplitOptions.RemoveEmptyEntries);
                // cols: sl local_address rem_address st ... inode(9)
                if (cols.Length < 10 || cols[3] != "0A" || !inodes.Contains(cols[9])) continue;
                var colon = cols[1].LastIndexOf(':');
                if (colon > 0 && int.TryParse(cols[1].AsSpan(colon + 1), NumberStyles.HexNumber, CultureInfo.InvariantCulture, out var port))
                {
                    return port;
                }
            }
        }
        return null;
    }

    private static readonly Lazy<DateTimeOffset?> BootTime = new(() =>
    {
        var bytes = TryReadAll("/proc/stat");
        if (bytes is null) return null;
        foreach (var line in Encoding.ASCII.GetString(bytes).Split('\n'))
        {
            if (line.StartsWith("btime ", StringComparison.Ordinal) &&
                long.TryParse(line.AsSpan(6).Trim(), NumberStyles.None, CultureInfo.InvariantCulture, out var seconds))
            {
                return DateTimeOffset.FromUnixTimeSeconds(seconds);
            }
        }
        return null;
    });

    private static byte[]? TryReadAll(string path)
    {
        try
        {
            return File.ReadAllBytes(path);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            return null;
        }
    }

    [DllImport("libc", SetLastError = true)]
#pragma warning disable SYSLIB1054 // LibraryImport would need unsafe code enabled for the whole project; kill(2) takes two ints.
    private static extern int kill(int pid, int sig);
#pragma warning restore SYSLIB1054
}
