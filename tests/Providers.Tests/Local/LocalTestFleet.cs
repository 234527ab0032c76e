using System.Diagnostics;
using System.Text;
using GitOpsFleet.Providers.Local;
using GitOpsFleet.Model;

namespace GitOpsFleet.Providers.Tests.Local;

/// <summary>
/// A fleet with a unique name and its own state folder. Disposing it kills every process whose
/// command line carries the fleet's name, whoever started it, so no test leaves a node behind.
/// </summary>
internal sealed class LocalTestFleet : IAsyncDisposable
{
    private readonly List<LocalProvider> _providers = [];

    public LocalTestFleet(TimeSpan? startTimeout = null)
    {
        Name = "t" + Guid.NewGuid().ToString("N")[..10];
        StateDirectory = Path.Combine(Path.GetTempPath(), "gitopsfleet-local-tests", Name);
        Directory.CreateDirectory(StateDirectory);
        Provider = NewProvider(NodeProgramLocator.NodeCommand(), startTimeout);
        Scope = new FleetScope(Name, "0000000", null, null, []);
    }

    public string Name { get; }

    public string StateDirectory { get; }

    public LocalProvider Provider { get; }

    public FleetScope Scope { get; }

    public LocalProvider NewProvider(IReadOnlyList<string>? nodeCommand = null, TimeSpan? startTimeout = null, string? clientsFolder = null, TimeSpan? healthTimeout = null)
    {
        var provider = new LocalProvider(new LocalProviderOptions
        {
            StateDirectory = StateDirectory,
            NodeCommand = nodeCommand ?? NodeProgramLocator.NodeCommand(),
            StartTimeout = startTimeout ?? TimeSpan.FromSeconds(30),
            StopTimeout = TimeSpan.FromSeconds(5),
            ClientsFolder = clientsFolder,
            HealthTimeout = healthTimeout ?? TimeSpan.FromSeconds(1),
        });
        _providers.Add(provider);
        return provider;
    }

    public DesiredNode Node(string pool, string name, string software = "geth", string version = "1.14.12", string? size = "Standard_D4s_v5", SoftwareSpec? consensus = null) =>
        new(Name, pool, name, "local", new SoftwareSpec(software, version, consensus), new MachineSpec(size, "ubuntu-24.04"),
            new Dictionary<string, string> { ["chain"] = "ethereum", ["role"] = pool });

    public static PlannedAction Create(DesiredNode node) =>
        new(ActionKind.Create, node.Fleet, node.Pool, node.Name, "local", node, null, "test");

    public async Task<ActionResult> CreateAsync(DesiredNode node, LocalProvider? provider = null)
    {
        var result = await (provider ?? Provider).ApplyAsync(Create(node), Scope, CancellationToken.None);
        Assert.True(result.Outcome == ActionOutcome.Succeeded, $"{result.Message}\n{string.Join('\n', result.Details)}");
        return result;
    }

    public async Task<IReadOnlyList<ObservedNode>> ObserveAsync(LocalProvider? provider = null) =>
        await (provider ?? Provider).ObserveAsync(Scope, CancellationToken.None);

    /// <summary>Starts a command detached, as an operator would from a shell, with its output thrown away.</summary>
    public static int StartByHand(IReadOnlyList<string> argv)
    {
        var start = new ProcessStartInfo("/bin/sh") { UseShellExecute = false };
        foreach (var a in new[] { "-c", "exec setsid \"$@\" >/dev/null 2>&1 </dev/null", "sh" }) start.ArgumentList.Add(a);
        foreach (var a in argv) start.ArgumentList.Add(a);
        using var process = Process.Start(start)!;
        return process.Id;
    }

    /// <summary>The argv of a running process, from /proc.</summary>
    public static string[] CommandLine(int pid) =>
        File.ReadAllText($"/proc/{pid}/cmdline").TrimEnd('\0').Split('\0');

    public static bool IsAlive(int pid)
    {
        try
        {
            var stat = File.ReadAllText($"/proc/{pid}/stat");
            var state = stat[(stat.LastIndexOf(')') + 2)..][0];
            return state is not ('Z' or 'X');
        }
        catch (IOException)
        {
            return false;
        }
    }

    public static Task WaitUntilAsync(Func<Task<bool>> condition, TimeSpan timeout, string what) =>
        Eventually.UntilAsync(condition, timeout, "waiting for " + what);

    /// <summary>Every process whose argv carries <c>--fleet &lt;this fleet&gt;</c>, or whose environment does (a real client).</summary>
    public IReadOnlyList<int> FleetProcesses()
    {
        var marker = Encoding.UTF8.GetBytes($"\0--fleet\0{Name}\0");
        var clientMarker = Encoding.UTF8.GetBytes($"\"--fleet\",\"{Name}\"");
        var pids = new List<int>();
        foreach (var dir in Directory.EnumerateDirectories("/proc"))
        {
            if (!int.TryParse(Path.GetFileName(dir), out var pid)) continue;
            try
            {
                var raw = File.ReadAllBytes(Path.Combine(dir, "cmdline"));
                if (raw.AsSpan().IndexOf(marker) >= 0 && IsAlive(pid)) pids.Add(pid);
                else if (File.ReadAllBytes(Path.Combine(dir, "environ")).AsSpan().IndexOf(clientMarker) >= 0 && IsAlive(pid)) pids.Add(pid);
            }
            catch (IOException) { }
            catch (UnauthorizedAccessException) { }
        }
        return pids;
    }

    public async ValueTask DisposeAsync()
    {
        foreach (var pid in FleetProcesses())
        {
            try { Process.GetProcessById(pid).Kill(); } catch (ArgumentException) { } catch (InvalidOperationException) { }
        }
        foreach (var provider in _providers) provider.Dispose();
        try
        {
            await Eventually.UntilAsync(() => FleetProcesses().Count == 0, TimeSpan.FromSeconds(10), $"the processes of fleet {Name} to exit");
        }
        catch (TimeoutException)
        {
            // Disposal is best effort, as before: the state folder is removed either way.
        }
        try { Directory.Delete(StateDirectory, recursive: true); } catch (IOException) { }
    }
}
