using System.Net;
using System.Net.Sockets;
using GitOpsFleet.Bench.Fleet;
using GitOpsFleet.Reconciler.Drift;
using GitOpsFleet.Reconciler.Forges;
using GitOpsFleet.Reconciler.Git;
using GitOpsFleet.Reconciler.Pipeline;
using GitOpsFleet.Reconciler.Policy;
using GitOpsFleet.Reconciler.Service;
using GitOpsFleet.Reconciler.Service.Fleets;
using GitOpsFleet.Reconciler.State.Leases;
using GitOpsFleet.Reconciler.Service.Metrics;
using GitOpsFleet.Reconciler.State;
using GitOpsFleet.Scripting;
using LibGit2Sharp;
using Microsoft.AspNetCore.Builder;
using Microsoft.Extensions.DependencyInjection;

namespace GitOpsFleet.Bench.Service;

/// <summary>
/// The real service host (Quartz, run coordinator, Kestrel, SQLite state and leases) in this process, running
/// the real reconcile pipeline over real Git repositories generated on disk; only the provider is a stub.
/// </summary>
internal sealed class BenchService : IAsyncDisposable
{
    public const string Secret = "bench-webhook-secret";
    private readonly string _root;
    private WebApplication _app = null!;
    private HttpClient _pipelineHttp = null!;

    private BenchService(string root) => _root = root;

    public HttpClient Http { get; private set; } = null!;
    public FleetRunCoordinator Coordinator { get; private set; } = null!;
    public ServiceMetrics Metrics { get; private set; } = null!;
    public IReadOnlyList<string> Fleets { get; private set; } = [];
    public ObserveOnlyProvider Provider { get; } = new();

    public string RepositoryOf(string fleet) => Path.Combine(_root, "repos", fleet);

    public static async Task<BenchService> StartAsync(int fleets, int pools, int nodesPerPool, string interval, Action<ServiceOptions> configure, CancellationToken cancellationToken)
    {
        var svc = new BenchService(Path.Combine(Path.GetTempPath(), "gof-bench-" + Guid.NewGuid().ToString("N")[..8]));
        Directory.CreateDirectory(svc._root);
        var names = Enumerable.Range(0, fleets).Select(i => $"f{i:000}").ToList();
        foreach (var name in names) CreateRepository(svc.RepositoryOf(name), name, pools, nodesPerPool, interval);
        svc.Fleets = names;

        var time = TimeProvider.System;
        var home = StateHome.Resolve(Path.Combine(svc._root, "home"));
        var db = Path.Combine(svc._root, "state.db");
        var store = await SqliteStateStore.OpenAsync(db, cancellationToken);
        var leases = await SqliteLeaseStore.OpenAsync(db, time, cancellationToken);
        var credentials = GitCredentials.FromEnvironment();
        var git = new GitSource(home, credentials);
        svc._pipelineHttp = new HttpClient { Timeout = TimeSpan.FromSeconds(30) };
        var pipeline = new ReconcilePipeline(home, git, store, new ProviderSet([svc.Provider]), new ForgeFactory(store, time, svc._pipelineHttp),
            new DriftBranchPublisher(credentials, time),
            new ScalingDesiredStateStep(new ScalingScriptEngine(new ScalingScriptOptions { CompiledCacheDirectory = Path.Combine(home.Root, "scripts") }, time), svc._pipelineHttp, time),
            new RegoPolicyGate(git, svc._pipelineHttp, time), GitOpsFleet.Reconciler.Pipeline.Steps.ApplyStep.DefaultActionTimeout, time);
        var parts = new ServiceParts(store, leases, new PipelineRunExecutor(pipeline, new SettledRuns(TimeSpan.FromHours(1))), async () =>
        {
            await store.DisposeAsync();
            await leases.DisposeAsync();
        });

        File.WriteAllText(Path.Combine(svc._root, "secret"), Secret);
        var port = FreePort();
        var options = new ServiceOptions
        {
            Urls = $"http://127.0.0.1:{port}",
            WebhookSecretFile = Path.Combine(svc._root, "secret"),
            InstanceId = "bench",
        };
        configure(options);
        var catalog = new FleetCatalog(names.Select(n => new FleetDefinition(n, RepositoryLocation.Parse(svc.RepositoryOf(n)), null)));
        // No log provider: the figures are the service's own work, not the console's.
        svc._app = ServiceHost.Build(options, catalog, new StateLocation(StateKind.Sqlite, db), parts, time, _ => { });
        svc.Coordinator = svc._app.Services.GetRequiredService<FleetRunCoordinator>();
        svc.Metrics = svc._app.Services.GetRequiredService<ServiceMetrics>();
        await svc._app.StartAsync(cancellationToken);
        svc.Http = new HttpClient { BaseAddress = new Uri($"http://127.0.0.1:{port}") };
        return svc;
    }

    private static void CreateRepository(string path, string fleet, int pools, int nodesPerPool, string interval)
    {
        FleetGenerator.WriteTo(path, fleet, pools, nodesPerPool);
        var fleetFile = Path.Combine(path, "fleet.yaml");
        File.WriteAllText(fleetFile, File.ReadAllText(fleetFile).Replace("interval: 2m", $"interval: {interval}", StringComparison.Ordinal));
        Repository.Init(path);
        using var repo = new Repository(path);
        repo.Refs.UpdateTarget("HEAD", "refs/heads/main");
        Commands.Stage(repo, "*");
        var who = new Signature("bench", "bench@example.invalid", DateTimeOffset.UtcNow);
        repo.Commit("fleet " + fleet, who, who);
    }

    private static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }

    public async ValueTask DisposeAsync()
    {
        await _app.StopAsync();
        await _app.DisposeAsync();
        Http.Dispose();
        _pipelineHttp.Dispose();
        try
        {
            Directory.Delete(_root, recursive: true);
        }
        catch (IOException)
        {
            // Clones may still be open for a moment; the temp folder is cleaned by the system later.
        }
        catch (UnauthorizedAccessException)
        {
        }
    }
}
