using System.Diagnostics;
using System.Globalization;
using System.Runtime.InteropServices;

namespace GitOpsFleet.Scripting.Worker;

/// <summary>
/// How a worker process is started: the .NET host running the worker assembly, with an environment built from nothing
/// (no variable of the service reaches a script's process: tokens, passwords and cloud keys stay behind), a GC heap
/// hard limit the runtime enforces, and, where the kernel lets us, an empty network namespace.
/// </summary>
internal sealed record WorkerLaunch(string FileName, IReadOnlyList<string> Arguments, IReadOnlyDictionary<string, string> Environment, bool NetworkIsolated)
{
    public const string AssemblyFileName = "gitopsfleet-script-worker.dll";

    private static readonly Lazy<string[]?> UnsharePrefix = new(ProbeUnshare);

    public static WorkerLaunch Create(ScalingScriptOptions options)
    {
        var worker = options.WorkerPath ?? Path.Combine(AppContext.BaseDirectory, AssemblyFileName);
        if (!File.Exists(worker))
            throw new FileNotFoundException($"the script worker '{worker}' is missing; it is built with the service (project src/Reconciler/ScriptWorker)", worker);
        var host = FindDotnetHost()
            ?? throw new FileNotFoundException("the .NET host that runs script workers was not found next to the running runtime");
        var environment = new Dictionary<string, string>(StringComparer.Ordinal)
        {
            // The runtime turns a heap past this into an OutOfMemoryException inside the worker (0.5 s, not 12 s of swapping).
            ["DOTNET_GCHeapHardLimit"] = "0x" + options.WorkerHeapLimit.ToString("x", CultureInfo.InvariantCulture),
            ["DOTNET_gcServer"] = "0",
            // No diagnostic IPC socket: nothing else on the machine can attach to a script's process.
            ["DOTNET_EnableDiagnostics"] = "0",
            // Scripts format numbers the same everywhere, and the worker does not load ICU.
            ["DOTNET_SYSTEM_GLOBALIZATION_INVARIANT"] = "1",
            ["DOTNET_CLI_TELEMETRY_OPTOUT"] = "1",
            ["TMPDIR"] = Path.GetTempPath(),
        };
        if ((options.IsolateNetwork ? UnsharePrefix.Value : null) is { } prefix)
            return new WorkerLaunch(prefix[0], [.. prefix[1..], host, worker], environment, NetworkIsolated: true);
        return new WorkerLaunch(host, [worker], environment, NetworkIsolated: false);
    }

    public ProcessStartInfo ToStartInfo()
    {
        var info = new ProcessStartInfo(FileName)
        {
            UseShellExecute = false,
            RedirectStandardInput = true,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            WorkingDirectory = Path.GetTempPath(),
        };
        foreach (var argument in Arguments) info.ArgumentList.Add(argument);
        info.Environment.Clear();
        foreach (var (name, value) in Environment) info.Environment[name] = value;
        return info;
    }

    /// <summary>The dotnet host of the runtime this process runs on (three folders above the shared framework).</summary>
    private static string? FindDotnetHost()
    {
        var name = OperatingSystem.IsWindows() ? "dotnet.exe" : "dotnet";
        if (System.Environment.ProcessPath is { } self && Path.GetFileName(self) == name) return self;
        var root = Path.GetFullPath(Path.Combine(RuntimeEnvironment.GetRuntimeDirectory(), "..", "..", ".."));
        foreach (var candidate in new[] { Path.Combine(root, name), System.Environment.GetEnvironmentVariable("DOTNET_HOST_PATH") })
            if (candidate is { Length: > 0 } && File.Exists(candidate)) return candidate;
        return null;
    }

    /// <summary>
    /// unshare(1) puts the worker in a network namespace of its own, with no interface but a down loopback: as root
    /// directly, otherwise through a user namespace where the kernel allows one. Where neither works, workers run
    /// without it (the allow-list still refuses every network API) and <see cref="NetworkIsolated"/> says so.
    /// </summary>
    private static string[]? ProbeUnshare()
    {
        if (!OperatingSystem.IsLinux()) return null;
        var unshare = new[] { "/usr/bin/unshare", "/bin/unshare" }.FirstOrDefault(File.Exists);
        if (unshare is null) return null;
        foreach (var flags in new[] { new[] { "--net" }, ["--map-root-user", "--net"] })
        {
            try
            {
                var info = new ProcessStartInfo(unshare) { UseShellExecute = false, RedirectStandardError = true, RedirectStandardOutput = true };
                foreach (var flag in flags) info.ArgumentList.Add(flag);
                info.ArgumentList.Add("--");
                info.ArgumentList.Add("/bin/true");
                using var probe = Process.Start(info);
                if (probe is null) continue;
                if (!probe.WaitForExit(5000))
                {
                    probe.Kill(entireProcessTree: true);
                    continue;
                }
                if (probe.ExitCode == 0) return [unshare, .. flags, "--"];
            }
            catch (System.ComponentModel.Win32Exception)
            {
                return null;
            }
        }
        return null;
    }
}
