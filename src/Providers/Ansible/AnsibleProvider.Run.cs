using System.Globalization;
using GitOpsFleet.Providers.Ansible.Execution;
using GitOpsFleet.Providers.Ansible.Results;
using GitOpsFleet.Providers.Ansible.Secrets;
using GitOpsFleet.Model;

namespace GitOpsFleet.Providers.Ansible;

public sealed partial class AnsibleProvider
{
    /// <summary>
    /// Runs the pool's playbook limited to <paramref name="limit"/>. Secrets go by file path or
    /// environment only; the command line holds paths, the limit and the fork count.
    /// </summary>
    private async Task<PlaybookRun> RunPlaybookAsync(FleetScope fleet, PoolSpec pool, string limit, PlaybookMode mode, CancellationToken cancellationToken)
    {
        var spec = pool.Ansible ?? throw new AnsibleException($"pool {pool.Name} has no ansible settings");
        var (root, inventory, playbook) = ResolvePaths(fleet, pool, spec);
        var executable = ExecutableLocator.Find(_options.PlaybookCommand)
            ?? throw new AnsibleException($"ansible-playbook is not installed ('{_options.PlaybookCommand}' was not found)");
        var secrets = AnsibleSecrets.Load(_options);
        var modeName = mode.ToString().ToLowerInvariant();

        using var workspace = RunWorkspace.Create(_options.WorkDirectory);
        var varsFile = workspace.WriteFile("extra-vars.json", ExtraVars.Build(fleet, pool, mode != PlaybookMode.Remove, _options.StateDirectory));
        var forks = Math.Max(1, _options.Forks ?? fleet.Spec?.Reconcile.MaxParallel ?? 4);
        var arguments = new List<string>
        {
            "-i", inventory, playbook, "--diff",
            "--limit", limit,
            "--forks", forks.ToString(CultureInfo.InvariantCulture),
            "-e", "@" + varsFile,
        };
        if (mode == PlaybookMode.Check) arguments.Add("--check");
        if (secrets.BecomePassword is not null)
        {
            var becomeFile = workspace.WriteFile("become-vars.json", ExtraVars.BecomePasswordReference(AnsibleSecrets.BecomePasswordVariable));
            arguments.AddRange(["-e", "@" + becomeFile]);
        }
        if (_options.VaultPasswordFile is { Length: > 0 } vault) arguments.AddRange(["--vault-password-file", Path.GetFullPath(vault)]);
        if (_options.PrivateKeyFile is { Length: > 0 } key) arguments.AddRange(["--private-key", Path.GetFullPath(key)]);

        Log.PlaybookStarting(_logger, modeName, pool.Name, fleet.Fleet, limit);
        ProcessOutcome outcome;
        try
        {
            outcome = await _runner.RunAsync(executable, arguments, AnsibleEnvironment.For(_options, secrets), root,
                _options.RunTimeout, _options.KillGracePeriod, ProcessStarted, cancellationToken).ConfigureAwait(false);
        }
        catch (OperationCanceledException)
        {
            Log.RunCancelled(_logger, modeName, pool.Name, fleet.Fleet);
            throw;
        }

        if (outcome.TimedOut)
        {
            Log.PlaybookTimedOut(_logger, modeName, pool.Name, fleet.Fleet, _options.RunTimeout);
            return new PlaybookRun(null, outcome.ExitCode, true, $"ansible-playbook timed out after {_options.RunTimeout}", outcome.Duration);
        }
        Log.PlaybookFinished(_logger, modeName, pool.Name, fleet.Fleet, outcome.ExitCode, (long)outcome.Duration.TotalMilliseconds);
        var result = JsonCallbackParser.Parse(outcome.StandardOutput, secrets.Redactor);
        if (result is null || result.Hosts.Count == 0)
        {
            var error = $"ansible-playbook exited with {outcome.ExitCode} and no host ran: {LastLines(outcome.StandardError, secrets.Redactor)}";
            Log.PlaybookWithoutResult(_logger, modeName, pool.Name, fleet.Fleet, outcome.ExitCode, error);
            return new PlaybookRun(null, outcome.ExitCode, false, error, outcome.Duration);
        }
        foreach (var host in result.Hosts.Values)
        {
            if (host.IsUnreachable) Log.HostUnreachable(_logger, host.Host, pool.Name, host.UnreachableReason ?? "no reason given");
            else if (host.IsFailed) Log.HostFailed(_logger, host.Host, pool.Name, host.FirstFailure?.Describe() ?? "a task failed");
        }
        return new PlaybookRun(result, outcome.ExitCode, false, null, outcome.Duration);
    }

    private ObservedNode Node(FleetScope fleet, PoolSpec pool, string host, string? address, NodeState state, IReadOnlyList<string>? drift, string? reason)
    {
        var labels = new Dictionary<string, string>(pool.Labels, StringComparer.Ordinal)
        {
            [FleetLabel] = fleet.Fleet,
            [PoolLabel] = pool.Name,
        };
        // The software is what the playbook enforces with this pool's vars: a host that differs shows as provider drift instead.
        return new ObservedNode(Name, fleet.Fleet, pool.Name, host, pool.Software, pool.Machine, labels, state, Managed: true,
            Address: address, ProviderId: $"{pool.Ansible?.Inventory}#{host}", Since: null,
            ProviderDrift: drift is { Count: > 0 } ? drift : null, StateReason: reason);
    }
}
