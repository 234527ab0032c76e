using GitOpsFleet.Reconciler.Service.Webhooks;

namespace GitOpsFleet.Reconciler.Service;

/// <summary>
/// Everything `gitopsfleet serve` is configured with. Bound from the "GitOpsFleet" configuration section
/// (appsettings.json, environment variables GITOPSFLEET__STATE and so on), then overridden by command-line options.
/// </summary>
internal sealed class ServiceOptions
{
    public const string Section = "GitOpsFleet";

    /// <summary>One fleet repository (path or URL); exclusive with <see cref="Config"/>.</summary>
    public string? Repo { get; set; }

    public string? Ref { get; set; }

    /// <summary>The fleet's name when serving one repository; default: the name in its fleet.yaml.</summary>
    public string? Name { get; set; }

    /// <summary>A fleets.yaml listing many fleets.</summary>
    public string? Config { get; set; }

    public string Urls { get; set; } = "http://127.0.0.1:8080";

    /// <summary>
    /// Host header values the service answers (any port); others get 400. Empty: localhost, 127.0.0.1 and [::1] when
    /// every listening address is loopback, so a rebound DNS name cannot reach it; any host otherwise.
    /// </summary>
    public List<string> AllowedHosts { get; set; } = [];

    /// <summary>sqlite:PATH (default: state.db under the state home) or postgres:CONNECTION_STRING.</summary>
    public string? State { get; set; }

    /// <summary>
    /// A file holding the state connection string (as <see cref="State"/> takes it). Keeps a database password off the
    /// command line, where every local user can read it in /proc/&lt;pid&gt;/cmdline.
    /// </summary>
    public string? StateFile { get; set; }

    /// <summary>HMAC key of the GitHub, Gitea and generic hooks when <see cref="Webhooks"/> names none of its own; never GitLab's token.</summary>
    public string? WebhookSecretFile { get; set; }

    /// <summary>Per-forge secrets and the limits of webhook bodies (section GitOpsFleet:Webhooks).</summary>
    public WebhookOptions Webhooks { get; set; } = new();

    /// <summary>The token of --api-token-file: an admin token, kept working beside the named tokens of `gitopsfleet tokens`.</summary>
    public string? ApiTokenFile { get; set; }

    /// <summary>The read API and the dashboard need a token too (the dashboard through its login page); off: reads are open.</summary>
    public bool RequireReadToken { get; set; }

    /// <summary>The interval until a fleet's own fleet.yaml has been read.</summary>
    public TimeSpan DefaultInterval { get; set; } = TimeSpan.FromMinutes(2);

    /// <summary>Overrides every fleet's reconcile.interval (tests, benchmarks); null keeps fleet.yaml's.</summary>
    public TimeSpan? IntervalOverride { get; set; }

    /// <summary>How many fleets reconcile at once in this replica; one slow fleet holds one slot, not the others'.</summary>
    public int MaxConcurrentRuns { get; set; } = 4;

    /// <summary>
    /// How long a fleet's unchanged runs (same commit, same observed state) may reuse the plan of its last settled
    /// run instead of loading, planning and evaluating policy again; a full run follows at least this often.
    /// Zero: every run is a full run.
    /// </summary>
    public TimeSpan ReuseUnchangedRunsFor { get; set; } = TimeSpan.FromHours(1);

    /// <summary>A run still going after this long is cancelled (it is recorded as cancelled and retried with backoff).</summary>
    public TimeSpan RunTimeout { get; set; } = TimeSpan.FromMinutes(10);

    /// <summary>On SIGTERM, how long the run in progress may take to finish before it is cancelled.</summary>
    public TimeSpan ShutdownDeadline { get; set; } = TimeSpan.FromSeconds(25);

    /// <summary>The longest a failing fleet waits between attempts (never shorter than its interval).</summary>
    public TimeSpan BackoffMax { get; set; } = TimeSpan.FromMinutes(15);

    /// <summary>How long a replica's claim on a fleet lasts without renewal (a dead replica's claim expires after this).</summary>
    public TimeSpan LeaseDuration { get; set; } = TimeSpan.FromSeconds(30);

    /// <summary>Quartz cluster check-in interval (PostgreSQL): a dead replica's triggers are recovered after about twice this.</summary>
    public TimeSpan ClusterCheckinInterval { get; set; } = TimeSpan.FromSeconds(5);

    /// <summary>Quartz worker threads. Jobs only hand work to the run coordinator, so few are needed.</summary>
    public int SchedulerThreads { get; set; } = 4;

    /// <summary>text (default) or json (one JSON object a line).</summary>
    public string LogFormat { get; set; } = "text";

    /// <summary>Name of this replica in leases and Quartz' cluster (default: host name and process id).</summary>
    public string? InstanceId { get; set; }
}
