using System.Text.Json;
using System.Text.RegularExpressions;
using GitOpsFleet.Providers.Ansible.Execution;
using GitOpsFleet.Providers.Ansible.Secrets;
using GitOpsFleet.Providers.Secrets;
using GitOpsFleet.Model;

namespace GitOpsFleet.Providers.Ansible;

public sealed partial class AnsibleProvider
{
    /// <summary>The pool variable (in <c>ansible.vars</c>) naming the systemd unit its playbook runs the node as; the playbook gets it too.</summary>
    public const string ServiceVariable = "gitopsfleet_service";

    [GeneratedRegex(@"^[A-Za-z0-9:_.@-]+$")]
    private static partial Regex UnitName();

    /// <summary>
    /// Doppelganger check for a replacement. The playbook, not this provider, starts the node, so the pool names the systemd
    /// unit it runs as (<see cref="ServiceVariable"/>) and Ansible asks the host's systemd for it. The old node is gone only
    /// if systemd knows the unit and says it is inactive or failed. An unreachable host is never gone: a dead machine
    /// cannot be told from a partitioned one that still signs.
    /// </summary>
    public async Task<string?> ConfirmGoneAsync(PlannedAction action, FleetScope fleet, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(action);
        var pool = AnsiblePools(fleet).FirstOrDefault(p => string.Equals(p.Name, action.Pool, StringComparison.Ordinal));
        if (pool is null) return $"pool {action.Pool} is not an ansible pool in this commit, so GitOpsFleet cannot check that node {action.Node} stopped";
        if (Unit(pool) is not { } unit)
        {
            return $"pool {pool.Name} names no systemd unit in ansible.vars.{ServiceVariable}, so GitOpsFleet cannot check that node {action.Node} stopped; "
                + "name the unit the playbook runs the node as";
        }
        var secrets = AnsibleSecrets.Load(_options);
        var asked = await AskUnitAsync(fleet, pool, unit, $"{pool.Ansible!.Group}:&{action.Node}", secrets, cancellationToken).ConfigureAwait(false);
        var reason = asked.Problem is { } problem
            ? $"cannot check that node {action.Node} stopped: {problem}"
            : Judge(action.Node, unit, pool, asked.Output, secrets.Redactor);
        if (reason is null) Log.GoneConfirmed(_logger, action.Node, unit);
        else Log.GoneUnconfirmed(_logger, action.Node, reason);
        return reason;
    }

    /// <summary>What one ad-hoc <c>systemctl show</c> of the unit printed for the hosts of <paramref name="pattern"/>, or why it could not run.</summary>
    private readonly record struct UnitAnswer(string Output, string? Problem);

    private async Task<UnitAnswer> AskUnitAsync(FleetScope fleet, PoolSpec pool, string unit, string pattern, AnsibleSecrets secrets, CancellationToken cancellationToken)
    {
        var executable = ExecutableLocator.Find(_options.PlaybookCommand) is { } playbook ? ExecutableLocator.FindSibling(playbook, "ansible") : null;
        if (executable is null) return new("", "ansible is not installed");
        string root, inventory;
        try
        {
            (root, inventory, _) = ResolvePaths(fleet, pool, pool.Ansible!);
        }
        catch (AnsibleException e)
        {
            return new("", e.Message);
        }
        var arguments = new List<string>
        {
            "-i", inventory, pattern,
            "-m", "ansible.builtin.command",
            "-a", $"{_options.SystemctlCommand} show --property=LoadState --property=ActiveState -- {unit}",
        };
        if (_options.VaultPasswordFile is { Length: > 0 } vault) arguments.AddRange(["--vault-password-file", Path.GetFullPath(vault)]);
        if (_options.PrivateKeyFile is { Length: > 0 } key) arguments.AddRange(["--private-key", Path.GetFullPath(key)]);
        var outcome = await _runner.RunAsync(executable, arguments, AnsibleEnvironment.For(_options, secrets), root,
            _options.RunTimeout, _options.KillGracePeriod, ProcessStarted, cancellationToken).ConfigureAwait(false);
        return outcome.TimedOut
            ? new("", $"asking systemd about unit {unit} timed out after {_options.RunTimeout}")
            : new(outcome.StandardOutput, null);
    }

    /// <summary>
    /// The hosts of <paramref name="answer"/> whose systemd answered that it knows the unit and that it is inactive or failed:
    /// reachable machines whose node process stopped. Any other answer (unreachable, unknown unit, no systemd) is not a stop.
    /// </summary>
    private static HashSet<string> StoppedHosts(UnitAnswer answer, IEnumerable<string> hosts)
    {
        var stopped = new HashSet<string>(StringComparer.Ordinal);
        if (answer.Problem is not null) return stopped;
        try
        {
            using var document = JsonDocument.Parse(answer.Output);
            foreach (var node in hosts)
            {
                if (TryHostResult(document.RootElement, node, out var host) && UnitStates(host) is ("loaded", "inactive" or "failed")) stopped.Add(node);
            }
        }
        catch (JsonException)
        {
            // No readable answer: no host is known to have stopped.
        }
        return stopped;
    }

    /// <summary>LoadState and ActiveState from one host's `systemctl show`, or null when the host did not answer with both.</summary>
    private static (string Load, string Active)? UnitStates(JsonElement host)
    {
        if (host.TryGetProperty("unreachable", out var unreachable) && unreachable.ValueKind == JsonValueKind.True) return null;
        var rc = host.TryGetProperty("rc", out var code) && code.TryGetInt32(out var c) ? c : -1;
        var properties = (Text(host, "stdout") ?? "").Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)
            .Select(l => l.Split('=', 2)).Where(p => p.Length == 2).ToDictionary(p => p[0], p => p[1], StringComparer.Ordinal);
        if (rc != 0 || !properties.TryGetValue("LoadState", out var load) || !properties.TryGetValue("ActiveState", out var active)) return null;
        return (load, active);
    }

    private static string? Unit(PoolSpec pool) =>
        pool.Ansible?.Vars is { ValueKind: JsonValueKind.Object } vars
        && vars.TryGetProperty(ServiceVariable, out var value) && value.ValueKind == JsonValueKind.String
        && value.GetString() is { } unit && UnitName().IsMatch(unit)
            ? unit
            : null;

    /// <summary>Null only for a host that answered with a loaded unit that is inactive or failed.</summary>
    private static string? Judge(string node, string unit, PoolSpec pool, string json, SecretRedactor redactor)
    {
        JsonElement host;
        try
        {
            using var document = JsonDocument.Parse(json);
            if (!TryHostResult(document.RootElement, node, out host))
            {
                return $"host {node} took no part in the check: it is not a host of group {pool.Ansible!.Group} in {pool.Ansible.Inventory}";
            }
            host = host.Clone();
        }
        catch (JsonException)
        {
            return $"ansible printed no result for host {node}, so GitOpsFleet cannot tell whether unit {unit} stopped";
        }
        if (host.TryGetProperty("unreachable", out var unreachable) && unreachable.ValueKind == JsonValueKind.True)
        {
            return $"host {node} is unreachable ({redactor.Redact(Text(host, "msg") ?? "no reason given")}), so GitOpsFleet cannot confirm that unit {unit} stopped: "
                + $"a dead machine looks the same as a cut-off one that still signs. If it is dead for sure, take {node} out of group "
                + $"{pool.Ansible!.Group} in {pool.Ansible.Inventory} (and keep it powered off), or bring it back so it can be asked";
        }
        if (UnitStates(host) is not var (load, active))
        {
            var said = Text(host, "stderr") is { Length: > 0 } stderr ? stderr : Text(host, "msg") ?? "no answer";
            return $"systemd on host {node} could not say whether unit {unit} stopped: {redactor.Redact(said.Trim())}";
        }
        // A unit systemd does not know says "inactive" too; a misspelt name must not pass for a stopped validator.
        if (load != "loaded") return $"unit {unit} is not known on host {node} (LoadState={load}), so its validator may run under another name";
        return active is "inactive" or "failed" ? null : $"unit {unit} of node {node} is still {active} on its host";
    }

    private static bool TryHostResult(JsonElement root, string node, out JsonElement host)
    {
        host = default;
        if (!root.TryGetProperty("plays", out var plays) || plays.ValueKind != JsonValueKind.Array) return false;
        foreach (var play in plays.EnumerateArray())
        {
            if (!play.TryGetProperty("tasks", out var tasks) || tasks.ValueKind != JsonValueKind.Array) continue;
            foreach (var task in tasks.EnumerateArray())
            {
                if (task.TryGetProperty("hosts", out var hosts) && hosts.ValueKind == JsonValueKind.Object && hosts.TryGetProperty(node, out host)) return true;
            }
        }
        return false;
    }

    private static string? Text(JsonElement element, string name) =>
        element.TryGetProperty(name, out var value) && value.ValueKind == JsonValueKind.String ? value.GetString() : null;
}
