using GitOpsFleet.Forges;
using GitOpsFleet.Providers.Ansible;
using GitOpsFleet.Providers.Azure;
using GitOpsFleet.Reconciler.Git;
using GitOpsFleet.Reconciler.Pipeline.Notifications;
using GitOpsFleet.Reconciler.Pipeline.Steps;
using GitOpsFleet.Reconciler.State;
using GitOpsFleet.Scripting;
using Microsoft.Extensions.Configuration;

namespace GitOpsFleet.Reconciler.Hosting;

/// <summary>
/// Settings of the parts a run uses, bound from configuration: `config.json` in the state home, then
/// environment variables `GITOPSFLEET__Section__Key` (e.g. `GITOPSFLEET__Providers__Ansible__PrivateKeyFile`).
/// Sections: Policies (ServerTimeout), Providers (ActionTimeout), Providers:Local (ClientsFolder, StateDirectory), Providers:Ansible, Providers:Azure, Scripting, Git, Forge. Every problem is reported at once.
/// </summary>
internal sealed record ProviderSettings(AnsibleProviderOptions Ansible, AzureProviderOptions Azure, ScalingScriptOptions Scripting)
{
    /// <summary>Git:FetchTimeout: how long one fetch of a fleet repository may take (a TimeSpan, e.g. 00:01:00).</summary>
    public TimeSpan GitFetchTimeout { get; init; } = GitSource.DefaultFetchTimeout;

    /// <summary>Providers:ActionTimeout: how long one provider call to apply one action may take before it is abandoned and retried next run.</summary>
    public TimeSpan ProviderActionTimeout { get; init; } = ApplyStep.DefaultActionTimeout;

    /// <summary>Providers:Local:ClientsFolder: where real clients (anvil) are looked for before PATH.</summary>
    public string? LocalClientsFolder { get; init; }

    /// <summary>
    /// Providers:Local:StateDirectory: where the local provider keeps its node records (default: the home's local folder).
    /// Replicas of one service on one machine set the same folder, as they manage the same machine's processes.
    /// </summary>
    public string? LocalStateDirectory { get; init; }

    /// <summary>Policies:ServerTimeout: how long one call to an OPA server (policies.engine: opa) may take; three attempts, then the run is denied.</summary>
    public TimeSpan PolicyServerTimeout { get; init; } = DefaultPolicyServerTimeout;

    public static readonly TimeSpan DefaultPolicyServerTimeout = TimeSpan.FromSeconds(5);

    /// <summary>Forge: each forge call's deadline and how a drift pull request is retried within a run.</summary>
    public ForgeCallOptions Forge { get; init; } = ForgeCallOptions.Default;

    /// <summary>Notifications: how a command-line run sends what it queued (the service binds GitOpsFleet:Notifications itself).</summary>
    public NotificationOptions Notifications { get; init; } = new();

    public static IConfiguration LoadConfiguration(StateHome home) => new ConfigurationBuilder()
        .AddJsonFile(Path.Combine(home.Root, "config.json"), optional: true, reloadOnChange: false)
        .AddEnvironmentVariables("GITOPSFLEET__")
        .Build();

    public static ProviderSettings Bind(IConfiguration configuration, StateHome home)
    {
        var ansible = new AnsibleProviderOptions { StateDirectory = Path.Combine(home.Root, "ansible") };
        configuration.GetSection(AnsibleProviderOptions.SectionName).Bind(ansible);
        var azure = new AzureProviderOptions();
        configuration.GetSection("Providers:Azure").Bind(azure);
        var scripting = ScriptingOf(configuration, home);
        var fetchTimeout = configuration.GetValue("Git:FetchTimeout", GitSource.DefaultFetchTimeout);
        var actionTimeout = configuration.GetValue("Providers:ActionTimeout", ApplyStep.DefaultActionTimeout);
        var policyTimeout = configuration.GetValue("Policies:ServerTimeout", DefaultPolicyServerTimeout);
        var forge = configuration.GetSection(ForgeCallOptions.SectionName).Get<ForgeCallOptions>() ?? ForgeCallOptions.Default;
        // GITOPSFLEET__NOTIFICATIONS__X reaches the command line as Notifications:X and the service as GitOpsFleet:Notifications:X.
        var notifications = configuration.GetSection("Notifications").Get<NotificationOptions>() ?? new NotificationOptions();
        var problems = ansible.Validate().Select(p => "Providers:Ansible: " + p)
            .Concat(azure.Validate().Select(p => "Providers:Azure: " + p))
            .Concat(scripting.Validate().Select(p => "Scripting: " + p))
            .Concat(fetchTimeout > TimeSpan.Zero ? [] : [$"Git:FetchTimeout must be positive, not {fetchTimeout}"])
            .Concat(actionTimeout > TimeSpan.Zero ? [] : [$"Providers:ActionTimeout must be positive, not {actionTimeout}"])
            .Concat(policyTimeout > TimeSpan.Zero ? [] : [$"Policies:ServerTimeout must be positive, not {policyTimeout}"])
            .Concat(forge.Validate().Select(p => "Forge: " + p))
            .Concat(notifications.Validate())
            .ToList();
        if (problems.Count > 0) throw new AppConfigurationException("invalid configuration: " + string.Join("; ", problems));
        var clientsFolder = configuration["Providers:Local:ClientsFolder"] is { Length: > 0 } folder ? Path.GetFullPath(folder) : null;
        var localState = configuration["Providers:Local:StateDirectory"] is { Length: > 0 } state ? Path.GetFullPath(state) : null;
        return new ProviderSettings(ansible, azure, scripting) { LocalClientsFolder = clientsFolder, LocalStateDirectory = localState, GitFetchTimeout = fetchTimeout, ProviderActionTimeout = actionTimeout, PolicyServerTimeout = policyTimeout, Forge = forge, Notifications = notifications };
    }

    /// <summary>The Scripting section alone, for commands that run scripts without providers (script run).</summary>
    public static ScalingScriptOptions BindScripting(IConfiguration configuration, StateHome home)
    {
        var scripting = ScriptingOf(configuration, home);
        var actionTimeout = configuration.GetValue("Providers:ActionTimeout", ApplyStep.DefaultActionTimeout);
        var problems = scripting.Validate().Select(p => "Scripting: " + p).ToList();
        if (problems.Count > 0) throw new AppConfigurationException("invalid configuration: " + string.Join("; ", problems));
        return scripting;
    }

    private static ScalingScriptOptions ScriptingOf(IConfiguration configuration, StateHome home)
    {
        var scripting = new ScalingScriptOptions { CompiledCacheDirectory = Path.Combine(home.Root, "scripts") };
        var section = configuration.GetSection("Scripting");
        if (section.Exists())
        {
            scripting = scripting with
            {
                CpuBudget = section.GetValue("CpuBudget", scripting.CpuBudget),
                MemoryBudget = section.GetValue("MemoryBudget", scripting.MemoryBudget),
                MaxCallDepth = section.GetValue("MaxCallDepth", scripting.MaxCallDepth),
                QueryTimeout = section.GetValue("QueryTimeout", scripting.QueryTimeout),
                MaxQueries = section.GetValue("MaxQueries", scripting.MaxQueries),
                QueryTimeBudget = section.GetValue("QueryTimeBudget", scripting.QueryTimeBudget),
                Workers = section.GetValue("Workers", scripting.Workers),
                WorkerHeapLimit = section.GetValue("WorkerHeapLimit", scripting.WorkerHeapLimit),
                WorkerResidentLimit = section.GetValue("WorkerResidentLimit", scripting.WorkerResidentLimit),
                CompileTimeout = section.GetValue("CompileTimeout", scripting.CompileTimeout),
                DeadlineGrace = section.GetValue("DeadlineGrace", scripting.DeadlineGrace),
                IsolateNetwork = section.GetValue("IsolateNetwork", scripting.IsolateNetwork),
            };
        }
        return scripting;
    }
}
