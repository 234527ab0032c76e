using GitOpsFleet.Providers;
using GitOpsFleet.Providers.Ansible;
using GitOpsFleet.Providers.Azure;
using GitOpsFleet.Providers.Local;
using GitOpsFleet.Reconciler.Drift;
using GitOpsFleet.Reconciler.Forges;
using GitOpsFleet.Reconciler.Git;
using GitOpsFleet.Reconciler.Pipeline;
using GitOpsFleet.Reconciler.State;

namespace GitOpsFleet.Reconciler.Hosting;

/// <summary>Builds the parts of one process (CLI command or service) over a state home.</summary>
internal sealed class AppComposition : IAsyncDisposable
{
    private AppComposition(StateHome home, IStateStore store, GitSource git, ProviderSet providers, LocalProvider local, ReconcilePipeline pipeline, GitOpsFleet.Scripting.ScalingScriptEngine scripts,
        GitOpsFleet.Reconciler.Pipeline.Notifications.NotificationOptions notifications)
    {
        Notifications = notifications;
        Scripts = scripts;
        Home = home;
        Store = store;
        Git = git;
        Providers = providers;
        Local = local;
        Pipeline = pipeline;
    }

    public StateHome Home { get; }
    public IStateStore Store { get; }
    public GitSource Git { get; }
    public ProviderSet Providers { get; }
    public LocalProvider Local { get; }
    public ReconcilePipeline Pipeline { get; }

    /// <summary>How the command line sends what its runs queued (section Notifications of the home's config.json and GITOPSFLEET__).</summary>
    public GitOpsFleet.Reconciler.Pipeline.Notifications.NotificationOptions Notifications { get; }

    /// <summary>The pipeline's scaling script engine: a script run beside the pipeline (the demo) reuses its warm workers and compiled scripts.</summary>
    public GitOpsFleet.Scripting.ScalingScriptEngine Scripts { get; }

    /// <summary>Over the home's SQLite file. <paramref name="time"/> is the one clock of the process: every part below reads it.</summary>
    public static Task<AppComposition> CreateAsync(StateHome home, TimeProvider time, CancellationToken cancellationToken) =>
        CreateAsync(home, null, null, time, cancellationToken);

    /// <summary>Over a given state store (the service's: PostgreSQL, or SQLite wrapped to tag its runs); null opens the home's SQLite file. The composition owns the store.</summary>
    public static Task<AppComposition> CreateAsync(StateHome home, IStateStore? stateStore, TimeProvider time, CancellationToken cancellationToken) =>
        CreateAsync(home, stateStore, null, time, cancellationToken);

    /// <summary><paramref name="providerOverrides"/> replace the configured providers of the same name (a cloud endpoint of one's own, a test double).</summary>
    public static async Task<AppComposition> CreateAsync(StateHome home, IStateStore? stateStore, IReadOnlyList<IInfrastructureProvider>? providerOverrides, TimeProvider time, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(time);
        // Configuration first: a bad setting stops here, before a store is opened.
        var settings = ProviderSettings.Bind(ProviderSettings.LoadConfiguration(home), home);
        var store = stateStore ?? await SqliteStateStore.OpenAsync(home.DatabasePath, time, cancellationToken);
        var credentials = GitCredentials.FromEnvironment();
        var git = new GitSource(home, credentials) { FetchTimeout = settings.GitFetchTimeout };
        var local = new LocalProvider(new LocalProviderOptions
        {
            StateDirectory = settings.LocalStateDirectory ?? home.LocalNodes,
            NodeCommand = NodeCommandLine(),
            ClientsFolder = settings.LocalClientsFolder,
        }, time);
        var ansible = new AnsibleProvider(settings.Ansible, time);
        var azure = new AzureProvider(settings.Azure, timeProvider: time);
        IInfrastructureProvider[] configured = [local, ansible, azure];
        var overrides = providerOverrides ?? [];
        var providers = new ProviderSet(configured.Where(p => overrides.All(o => o.Name != p.Name)).Concat(overrides));
        var http = new HttpClient { Timeout = TimeSpan.FromSeconds(30) };
        var forges = new ForgeFactory(store, time, http, options: settings.Forge);
        var publisher = new DriftBranchPublisher(credentials, time);
        var scripts = new GitOpsFleet.Scripting.ScalingScriptEngine(settings.Scripting, time);
        var pipeline = new ReconcilePipeline(home, git, store, providers, forges, publisher, new ScalingDesiredStateStep(scripts, http, time), new GitOpsFleet.Reconciler.Policy.RegoPolicyGate(git, http, time, settings.PolicyServerTimeout), settings.ProviderActionTimeout, time,
            new GitOpsFleet.Reconciler.Pipeline.Notifications.RunNotifier(store, time));
        // A local provider given by the caller (the demo's, with its clients folder) is the one the composition hands out.
        if (overrides.OfType<LocalProvider>().FirstOrDefault() is { } localOverride)
        {
            local.Dispose();
            local = localOverride;
        }
        return new AppComposition(home, store, git, providers, local, pipeline, scripts, settings.Notifications);
    }

    /// <summary>How to start this same program as a node: the apphost when there is one, else `dotnet gitopsfleet.dll`.</summary>
    public static IReadOnlyList<string> NodeCommandLine()
    {
        var process = Environment.ProcessPath ?? "dotnet";
        var entry = typeof(AppComposition).Assembly.Location;
        var apphost = Path.Combine(AppContext.BaseDirectory, OperatingSystem.IsWindows() ? "gitopsfleet.exe" : "gitopsfleet");
        if (File.Exists(apphost)) return [apphost];
        return Path.GetFileNameWithoutExtension(process) == "dotnet" ? [process, entry] : [process];
    }

    public async ValueTask DisposeAsync() => await Store.DisposeAsync();
}
