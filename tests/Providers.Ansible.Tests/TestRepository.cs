using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using System.Text.Json;
using GitOpsFleet.Model;

namespace GitOpsFleet.Providers.Ansible.Tests;

/// <summary>
/// A throw-away fleet repository for one test: an inventory whose group "nodes" has three hosts on
/// this machine (ansible_connection=local, one target folder each) and one host on a closed loopback
/// port that cannot be reached, plus the playbooks of TestData.
/// </summary>
internal sealed class TestRepository : IDisposable
{
    public const string Group = "nodes";
    public const string Unreachable = "offline";
    public static readonly string[] LocalHosts = ["h1", "h2", "h3"];

    public TestRepository(IReadOnlyDictionary<string, string>? extraHostVars = null)
    {
        RequireAnsible();
        Root = Path.Combine(Path.GetTempPath(), "gitopsfleet-ansible-test-" + Guid.NewGuid().ToString("N")[..12]);
        RepoDirectory = Path.Combine(Root, "repo");
        TargetRoot = Path.Combine(Root, "targets");
        Directory.CreateDirectory(Path.Combine(RepoDirectory, "ansible"));
        Directory.CreateDirectory(TargetRoot);
        foreach (var file in Directory.EnumerateFiles(Path.Combine(AppContext.BaseDirectory, "TestData")))
        {
            File.Copy(file, Path.Combine(RepoDirectory, "ansible", Path.GetFileName(file)));
        }

        var lines = new List<string> { $"[{Group}]" };
        foreach (var host in LocalHosts)
        {
            var extra = extraHostVars is not null && extraHostVars.TryGetValue(host, out var v) ? " " + v : "";
            lines.Add($"{host} ansible_connection=local target_dir={TargetDirectory(host)}{extra}");
        }
        // Loopback only, on a port nobody listens on: connecting is refused at once.
        lines.Add($"{Unreachable} ansible_connection=ssh ansible_host=127.0.0.1 ansible_port={ClosedLoopbackPort()} ansible_user=nobody target_dir={TargetDirectory(Unreachable)}");
        lines.Add("");
        lines.Add("[other]");
        lines.Add($"stranger ansible_connection=local target_dir={TargetDirectory("stranger")}");
        lines.Add("");
        lines.Add("[all:vars]");
        lines.Add("ansible_python_interpreter=/usr/bin/python3");
        File.WriteAllLines(Path.Combine(RepoDirectory, "ansible", "inventory.ini"), lines);
    }

    public string Root { get; }

    public string RepoDirectory { get; }

    public string TargetRoot { get; }

    public string TargetDirectory(string host) => Path.Combine(TargetRoot, host);

    public string ConfigFile(string host) => Path.Combine(TargetDirectory(host), "app.conf");

    public string WriteFile(string name, string text)
    {
        var path = Path.Combine(Root, name);
        File.WriteAllText(path, text);
        return path;
    }

    public static PoolSpec Pool(string playbook = "ansible/site.yml", string version = "1.14.12", object? vars = null, string name = "bare") =>
        new(
            name,
            new Dictionary<string, string> { ["role"] = "rpc" },
            "ansible",
            null,
            new MachineSpec("8c-32g", "debian-12"),
            new SoftwareSpec("geth", version),
            new ReplicaRange(1, 3),
            null,
            NetworkSpec.Default,
            StorageSpec.Default,
            ReplacementPolicy.Auto,
            new AnsibleSpec("ansible/inventory.ini", Group, playbook, vars is null ? null : JsonSerializer.SerializeToElement(vars)),
            $"pools/{name}.yaml");

    public FleetScope Scope(PoolSpec pool, int maxParallel = 4)
    {
        var spec = new FleetSpec(
            "mainnet",
            new Dictionary<string, string>(),
            ReconcileSettings.Default with { MaxParallel = maxParallel },
            DriftSettings.Default,
            PolicySettings.Default,
            null,
            ForgeSettings.Default,
            null,
            [pool]);
        return new FleetScope("mainnet", "0123abc", RepoDirectory, spec, [pool]);
    }

    public static PlannedAction Action(ActionKind kind, FleetScope scope, PoolSpec pool, string host)
    {
        var desired = kind == ActionKind.Delete ? null : new DesiredNode(scope.Fleet, pool.Name, host, "ansible", pool.Software, pool.Machine, pool.Labels);
        return new PlannedAction(kind, scope.Fleet, pool.Name, host, "ansible", desired, null, "test");
    }

    public static AnsibleProviderOptions Options() => new()
    {
        ConnectTimeout = TimeSpan.FromSeconds(3),
        RunTimeout = TimeSpan.FromMinutes(3),
        KillGracePeriod = TimeSpan.FromSeconds(2),
    };

    public void Dispose()
    {
        try
        {
            Directory.Delete(Root, recursive: true);
        }
        catch (IOException)
        {
        }
    }

    /// <summary>These tests exist to run real Ansible: without it they fail and say what to install.</summary>
    public static void RequireAnsible()
    {
        var onPath = (Environment.GetEnvironmentVariable("PATH") ?? "").Split(':', StringSplitOptions.RemoveEmptyEntries)
            .Any(dir => File.Exists(Path.Combine(dir, "ansible-playbook")));
        if (!onPath)
        {
            Assert.Fail("ansible-playbook must be installed to run these tests (Debian: apt-get install ansible; it brings ansible-core and the ansible.posix collection).");
        }
    }

    private static int ClosedLoopbackPort()
    {
        // Bind then release: the port was free a moment ago and nothing here listens on it.
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        var port = ((IPEndPoint)listener.LocalEndpoint).Port;
        listener.Stop();
        return port;
    }

    /// <summary>Runs a command to completion (test set-up only, e.g. ansible-vault).</summary>
    public static void Run(string file, params string[] arguments)
    {
        var info = new ProcessStartInfo(file) { RedirectStandardError = true, RedirectStandardOutput = true };
        foreach (var a in arguments) info.ArgumentList.Add(a);
        using var process = Process.Start(info)!;
        var stderr = process.StandardError.ReadToEnd();
        process.StandardOutput.ReadToEnd();
        process.WaitForExit();
        Assert.True(process.ExitCode == 0, $"{file} failed: {stderr}");
    }
}
