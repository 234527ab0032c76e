using System.Runtime.InteropServices;

namespace GitOpsFleet.Providers.Ansible.Execution;

/// <summary>
/// Signals a whole process group. ansible-playbook forks workers, and those start ssh or module
/// processes; killing only the leader would leave them running, so the run is started as its own
/// session (setsid) and the group is signalled as one.
/// </summary>
internal static partial class ProcessGroup
{
    private const int SigTerm = 15;
    private const int SigKill = 9;

    public static void Terminate(int groupId) => Signal(groupId, SigTerm);

    public static void Kill(int groupId) => Signal(groupId, SigKill);

    /// <summary>Whether any process of the group is still alive (signal 0 only checks).</summary>
    public static bool IsAlive(int groupId) => groupId > 1 && !OperatingSystem.IsWindows() && NativeKill(-groupId, 0) == 0;

    private static void Signal(int groupId, int signal)
    {
        // Never signal group 0 or 1: that would reach this service or init.
        if (groupId <= 1 || OperatingSystem.IsWindows()) return;
        _ = NativeKill(-groupId, signal);
    }

    [LibraryImport("libc", EntryPoint = "kill", SetLastError = true)]
    private static partial int NativeKill(int pid, int signal);
}
