using GitOpsFleet.Providers.Secrets;
using System.Collections.Concurrent;
using System.Runtime.CompilerServices;
using System.Text.Json;
using GitOpsFleet.Providers.Ansible.Execution;
using GitOpsFleet.Providers.Ansible.Inventory;
using GitOpsFleet.Providers.Ansible.Secrets;
using GitOpsFleet.Model;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;

namespace GitOpsFleet.Providers.Ansible;

/// <summary>
/// Bare-metal hosts from an Ansible inventory. A pool is an inventory group; each host is one node.
/// Observe is <c>ansible-playbook --check --diff</c> limited to the group (a host that would change
/// carries the diff as provider drift), apply is the real run limited to one host.
/// </summary>
public sealed partial class AnsibleProvider : IInfrastructureProvider
{
    public const string ProviderName = "ansible";
    public const string FleetLabel = "gitopsfleet.dev/fleet";
    public const string PoolLabel = "gitopsfleet.dev/pool";

    private readonly AnsibleProviderOptions _options;
    private readonly TimeProvider _time;
    private readonly ILogger _logger;
    private readonly AnsibleProcessRunner _runner;
    private ProviderAvailability? _toolsAvailable;

    // One inventory listing per run and inventory file: observe and the desired stage both need a pool's
    // hosts, and each ansible-inventory is a Python start-up. The run's scope object is the key (by
    // reference, whatever its value equality says), so the listings go away with the run.
    private readonly ConditionalWeakTable<FleetScope, ConcurrentDictionary<string, ProcessOutcome>> _inventories = new();

    public AnsibleProvider(AnsibleProviderOptions options, TimeProvider? timeProvider = null, ILogger<AnsibleProvider>? logger = null)
    {
        _options = options;
        _time = timeProvider ?? TimeProvider.System;
        _logger = (ILogger?)logger ?? NullLogger.Instance;
        _runner = new AnsibleProcessRunner(_time);
    }

    public string Name => ProviderName;

    /// <summary>
    /// Started-process callback for tests and diagnostics: receives the process group id of every
    /// ansible process this provider starts.
    /// </summary>
    internal Action<int>? ProcessStarted { get; set; }

    public async ValueTask<ProviderAvailability> CheckAvailabilityAsync(FleetScope fleet, CancellationToken cancellationToken)
    {
        // Without ansible pools there is nothing to observe (hosts of removed pools are not seen) or lay out,
        // so a fleet that does not use Ansible never pays for looking for it.
        if (!AnsiblePools(fleet).Any()) return ProviderAvailability.Available;
        var tools = _toolsAvailable ?? await CheckToolsAsync(cancellationToken).ConfigureAwait(false);
        // Only a positive answer is kept: installing ansible must not need a restart.
        if (tools.IsAvailable) _toolsAvailable = tools;
        else return tools;
        if (fleet.SnapshotDirectory is null && AnsiblePools(fleet).Any())
        {
            return ProviderAvailability.Unavailable("the run has no snapshot directory to read inventories and playbooks from");
        }
        return ProviderAvailability.Available;
    }

    /// <summary>
    /// A pool's nodes are the hosts of its inventory group, whatever the replica count: bare metal is
    /// added by editing the inventory, not by scaling.
    /// </summary>
    public async ValueTask<IReadOnlyList<DesiredNode>> LayoutAsync(FleetScope fleet, PoolSpec pool, int replicas, CancellationToken cancellationToken)
    {
        var hosts = await ListHostsAsync(fleet, pool, cancellationToken).ConfigureAwait(false);
        return hosts.Select(h => new DesiredNode(fleet.Fleet, pool.Name, h.Name, Name, pool.Software, pool.Machine, pool.Labels)).ToList();
    }

    private async Task<ProviderAvailability> CheckToolsAsync(CancellationToken cancellationToken)
    {
        var playbook = ExecutableLocator.Find(_options.PlaybookCommand);
        if (playbook is null)
        {
            return ProviderAvailability.Unavailable(
                $"ansible-playbook is not installed ('{_options.PlaybookCommand}' was not found); install Debian's ansible package");
        }
        if (JsonCallbackLocator.Find(playbook) is { } plugin)
        {
            Log.JsonCallbackFound(_logger, plugin);
            return ProviderAvailability.Available;
        }
        // Not in the usual folders: ansible.cfg may name others, so Ansible itself has the last word.
        var doc = ExecutableLocator.FindSibling(playbook, "ansible-doc");
        if (doc is null) return ProviderAvailability.Unavailable("ansible-doc is not installed beside ansible-playbook, so the JSON callback cannot be checked");

        var outcome = await _runner.RunAsync(
            doc, ["-t", "callback", AnsibleEnvironment.JsonCallback, "--json"], AnsibleEnvironment.For(_options, null),
            Directory.GetCurrentDirectory(), TimeSpan.FromMinutes(1), _options.KillGracePeriod, ProcessStarted, cancellationToken).ConfigureAwait(false);
        if (!HasCallbackDoc(outcome.StandardOutput))
        {
            return ProviderAvailability.Unavailable(
                $"the {AnsibleEnvironment.JsonCallback} callback is missing: install the ansible.posix collection (Debian's ansible package has it; ansible-core alone does not)");
        }
        return ProviderAvailability.Available;
    }

    private static bool HasCallbackDoc(string json)
    {
        try
        {
            using var document = JsonDocument.Parse(json);
            return document.RootElement.ValueKind == JsonValueKind.Object && document.RootElement.TryGetProperty(AnsibleEnvironment.JsonCallback, out _);
        }
        catch (JsonException)
        {
            return false;
        }
    }

    private IEnumerable<PoolSpec> AnsiblePools(FleetScope fleet) =>
        fleet.Pools.Where(p => string.Equals(p.Provider, Name, StringComparison.OrdinalIgnoreCase) && p.Ansible is not null);

    private async Task<IReadOnlyList<InventoryHost>> ListHostsAsync(FleetScope fleet, PoolSpec pool, CancellationToken cancellationToken)
    {
        var spec = pool.Ansible ?? throw new AnsibleException($"pool {pool.Name} has no ansible settings");
        var (root, inventory, _) = ResolvePaths(fleet, pool, spec);
        var playbookCommand = ExecutableLocator.Find(_options.PlaybookCommand)
            ?? throw new AnsibleException($"ansible-playbook is not installed ('{_options.PlaybookCommand}' was not found)");
        var command = _options.InventoryCommand is { } configured
            ? ExecutableLocator.Find(configured)
            : ExecutableLocator.FindSibling(playbookCommand, "ansible-inventory");
        if (command is null) throw new AnsibleException("ansible-inventory is not installed");

        var secrets = AnsibleSecrets.Load(_options);
        var arguments = new List<string> { "-i", inventory, "--list" };
        if (_options.VaultPasswordFile is { Length: > 0 } vault) arguments.AddRange(["--vault-password-file", Path.GetFullPath(vault)]);
        var listings = _inventories.GetOrCreateValue(fleet);
        if (!listings.TryGetValue(inventory, out var outcome))
        {
            outcome = await _runner.RunAsync(command, arguments, AnsibleEnvironment.For(_options, null), root,
                _options.RunTimeout, _options.KillGracePeriod, ProcessStarted, cancellationToken).ConfigureAwait(false);
            // A failed listing is not kept: the next stage tries again rather than repeat an old error.
            if (!outcome.TimedOut && outcome.ExitCode == 0) listings[inventory] = outcome;
        }

        string? error = outcome.TimedOut ? $"timed out after {_options.RunTimeout}" : outcome.ExitCode != 0 ? LastLines(outcome.StandardError, secrets.Redactor) : null;
        IReadOnlyList<InventoryHost>? hosts = null;
        if (error is null)
        {
            try
            {
                hosts = InventoryListParser.HostsOf(outcome.StandardOutput, spec.Group);
                if (hosts is null) error = $"group {spec.Group} is not in the inventory";
            }
            catch (JsonException e)
            {
                error = "ansible-inventory printed no JSON: " + secrets.Redactor.Redact(e.Message);
            }
        }
        if (error is not null)
        {
            Log.InventoryFailed(_logger, spec.Inventory, pool.Name, error);
            throw new AnsibleException($"inventory {spec.Inventory} of pool {pool.Name}: {error}");
        }
        return hosts!;
    }

    /// <summary>Inventory and playbook as absolute paths inside the snapshot; a path that leaves it is refused.</summary>
    private static (string Root, string Inventory, string Playbook) ResolvePaths(FleetScope fleet, PoolSpec pool, AnsibleSpec spec)
    {
        var root = fleet.SnapshotDirectory ?? throw new AnsibleException($"pool {pool.Name}: the run has no snapshot directory");
        root = Path.GetFullPath(root);
        return (root, Inside(root, spec.Inventory, pool, "inventory"), Inside(root, spec.Playbook, pool, "playbook"));
    }

    private static string Inside(string root, string relative, PoolSpec pool, string what)
    {
        var full = Path.GetFullPath(Path.Combine(root, relative));
        var prefix = root.EndsWith(Path.DirectorySeparatorChar) ? root : root + Path.DirectorySeparatorChar;
        if (Path.IsPathRooted(relative) || !full.StartsWith(prefix, StringComparison.Ordinal))
        {
            throw new AnsibleException($"pool {pool.Name}: the {what} path {relative} is outside the fleet repository");
        }
        if (!File.Exists(full) && !Directory.Exists(full)) throw new AnsibleException($"pool {pool.Name}: the {what} {relative} does not exist in the fleet repository");
        return full;
    }

    /// <summary>The lines of Ansible's error output that say what went wrong: from its "ERROR!" line when there is one, else the end.</summary>
    private static string LastLines(string text, SecretRedactor redactor, int count = 6)
    {
        var lines = text.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
        var error = Array.FindIndex(lines, l => l.StartsWith("ERROR!", StringComparison.Ordinal));
        var start = error >= 0 ? error : Math.Max(0, lines.Length - count);
        var tail = string.Join(" | ", lines.Skip(start).Take(count));
        return tail.Length == 0 ? "no error output" : redactor.Redact(tail);
    }
}
