namespace GitOpsFleet.Providers.Ansible;

/// <summary>
/// Settings of the ansible provider (configuration section "Providers:Ansible"). Secrets are named by
/// file or environment variable only, so a value never sits in configuration or on a command line.
/// </summary>
public sealed class AnsibleProviderOptions
{
    public const string SectionName = "Providers:Ansible";

    /// <summary>The ansible-playbook executable: a path, or a name looked up on PATH.</summary>
    public string PlaybookCommand { get; set; } = "ansible-playbook";

    /// <summary>The ansible-inventory executable; null means the one beside <see cref="PlaybookCommand"/>.</summary>
    public string? InventoryCommand { get; set; }

    /// <summary>The longest one ansible-playbook run may take before its whole process group is ended.</summary>
    public TimeSpan RunTimeout { get; set; } = TimeSpan.FromMinutes(30);

    /// <summary>Per host: how long connecting may take (Ansible's <c>timeout</c>, ANSIBLE_TIMEOUT).</summary>
    public TimeSpan ConnectTimeout { get; set; } = TimeSpan.FromSeconds(10);

    /// <summary>Per host: how long one task may take (ANSIBLE_TASK_TIMEOUT); zero means no limit.</summary>
    public TimeSpan TaskTimeout { get; set; } = TimeSpan.FromMinutes(10);

    /// <summary>After cancellation or a run timeout, how long the process group gets after SIGTERM before SIGKILL.</summary>
    public TimeSpan KillGracePeriod { get; set; } = TimeSpan.FromSeconds(5);

    /// <summary>Passed as <c>--vault-password-file</c>. When it is a plain file its content is also redacted from every output.</summary>
    public string? VaultPasswordFile { get; set; }

    /// <summary>Passed as <c>--private-key</c>.</summary>
    public string? PrivateKeyFile { get; set; }

    /// <summary>Name of an environment variable of this service holding the become (sudo) password.</summary>
    public string? BecomePasswordEnv { get; set; }

    /// <summary>A file holding the become (sudo) password; used when <see cref="BecomePasswordEnv"/> is not set.</summary>
    public string? BecomePasswordFile { get; set; }

    /// <summary>Passed to playbooks as <c>gitopsfleet_state_dir</c>: where a playbook may keep node data.</summary>
    public string StateDirectory { get; set; } = Path.Combine(Path.GetTempPath(), "gitopsfleet-ansible");

    /// <summary>Where per-run temporary files (extra vars, secret vars) are written; null means the system temp folder.</summary>
    public string? WorkDirectory { get; set; }

    /// <summary>
    /// systemctl on the managed hosts, as the doppelganger check runs it there (a name looked up on the host's PATH, or a path).
    /// </summary>
    public string SystemctlCommand { get; set; } = "systemctl";

    /// <summary>Overrides the fleet's <c>reconcile.maxParallel</c> as Ansible's <c>--forks</c>.</summary>
    public int? Forks { get; set; }

    /// <summary>Every problem with these settings, so a host can refuse to start and list them all.</summary>
    public IReadOnlyList<string> Validate()
    {
        var problems = new List<string>();
        if (string.IsNullOrWhiteSpace(PlaybookCommand)) problems.Add("PlaybookCommand is empty");
        if (RunTimeout <= TimeSpan.Zero) problems.Add("RunTimeout must be positive");
        if (ConnectTimeout < TimeSpan.FromSeconds(1)) problems.Add("ConnectTimeout must be at least one second");
        if (TaskTimeout < TimeSpan.Zero) problems.Add("TaskTimeout must not be negative");
        if (KillGracePeriod < TimeSpan.Zero) problems.Add("KillGracePeriod must not be negative");
        if (Forks is < 1) problems.Add("Forks must be at least 1");
        if (string.IsNullOrWhiteSpace(SystemctlCommand) || SystemctlCommand.Any(char.IsWhiteSpace)) problems.Add("SystemctlCommand must be one word (a name or a path without spaces)");
        if (string.IsNullOrWhiteSpace(StateDirectory)) problems.Add("StateDirectory is empty");
        if (VaultPasswordFile is { } vault && !File.Exists(vault)) problems.Add($"VaultPasswordFile {vault} does not exist");
        if (PrivateKeyFile is { } key && !File.Exists(key)) problems.Add($"PrivateKeyFile {key} does not exist");
        if (BecomePasswordFile is { } become && !File.Exists(become)) problems.Add($"BecomePasswordFile {become} does not exist");
        if (BecomePasswordEnv is { } env && Environment.GetEnvironmentVariable(env) is null)
        {
            problems.Add($"BecomePasswordEnv names {env}, which is not set");
        }
        return problems;
    }
}
