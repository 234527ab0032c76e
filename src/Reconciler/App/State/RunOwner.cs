using System.Diagnostics;
using System.Globalization;
using System.Text.Json;

namespace GitOpsFleet.Reconciler.State;

/// <summary>
/// The process that runs a run, recorded when the run starts so a later process can tell a run that is still
/// going from one whose process was killed. A pid alone is not enough: pids are reused, so the owner is the pid
/// together with the machine, its boot and the process's start time.
/// </summary>
public sealed record RunOwner(string Host, string BootId, int Pid, long StartTime)
{
    private static readonly Lazy<RunOwner> CurrentOwner = new(() =>
    {
        var pid = Environment.ProcessId;
        return new RunOwner(Environment.MachineName, ReadBootId(), pid, StartTimeOf(pid) ?? 0);
    });

    /// <summary>This process.</summary>
    public static RunOwner Current => CurrentOwner.Value;

    /// <summary>
    /// True only when the owner is known to be gone: the same machine rebooted since, or no process with its
    /// pid and start time is left. An owner on another machine cannot be checked from here and counts as alive.
    /// </summary>
    public bool IsGone()
    {
        var current = Current;
        if (!string.Equals(Host, current.Host, StringComparison.Ordinal)) return false;
        if (BootId.Length > 0 && current.BootId.Length > 0 && !string.Equals(BootId, current.BootId, StringComparison.Ordinal)) return true;
        return StartTimeOf(Pid) is not { } started || started != StartTime;
    }

    /// <summary>
    /// Once the fleet lease its process held has expired: gone unless it is a live process of this machine. A process on
    /// another machine that stopped renewing its lease has lost the fleet (it cancels its own run when it notices), so its
    /// run is over as far as the fleet is concerned.
    /// </summary>
    public bool IsGoneOrElsewhere() => !string.Equals(Host, Current.Host, StringComparison.Ordinal) || IsGone();

    /// <summary>Why a run left running was marked interrupted: its process ended, or (with a holder) the replica's lease expired and was taken over.</summary>
    public static string InterruptionReason(RunOwner? owner, string? expiredHolder)
    {
        var process = owner is null ? "the process that ran it is unknown" : $"the process that ran it ({owner.Describe()})";
        return expiredHolder is null
            ? $"{process} ended without finishing it"
            : $"{process} stopped renewing the fleet's lease as replica {expiredHolder}, and another replica took the fleet over";
    }

    public string ToJson() => JsonSerializer.Serialize(this);

    public static RunOwner? FromJson(string? json)
    {
        if (string.IsNullOrEmpty(json)) return null;
        try
        {
            return JsonSerializer.Deserialize<RunOwner>(json);
        }
        catch (JsonException)
        {
            return null;
        }
    }

    public string Describe() => $"pid {Pid.ToString(CultureInfo.InvariantCulture)} on {Host}";

    private static string ReadBootId()
    {
        try
        {
            return OperatingSystem.IsLinux() ? File.ReadAllText("/proc/sys/kernel/random/boot_id").Trim() : "";
        }
        catch (IOException)
        {
            return "";
        }
    }

    /// <summary>The process's start time (clock ticks since boot on Linux, UTC ticks elsewhere); null when there is no such process.</summary>
    private static long? StartTimeOf(int pid)
    {
        if (OperatingSystem.IsLinux())
        {
            try
            {
                // Field 22 of /proc/PID/stat; the command name (field 2) may hold spaces, so count from its closing parenthesis.
                var stat = File.ReadAllText($"/proc/{pid.ToString(CultureInfo.InvariantCulture)}/stat");
                var fields = stat[(stat.LastIndexOf(')') + 2)..].Split(' ');
                return long.Parse(fields[19], CultureInfo.InvariantCulture);
            }
            catch (Exception ex) when (ex is IOException or UnauthorizedAccessException or FormatException or IndexOutOfRangeException)
            {
                return null;
            }
        }
        try
        {
            using var process = Process.GetProcessById(pid);
            // Rounded to the second: the platform's start time is read from a clock that may be re-derived each call.
            return process.StartTime.ToUniversalTime().Ticks / TimeSpan.TicksPerSecond;
        }
        catch (Exception ex) when (ex is ArgumentException or InvalidOperationException or System.ComponentModel.Win32Exception)
        {
            return null;
        }
    }
}
