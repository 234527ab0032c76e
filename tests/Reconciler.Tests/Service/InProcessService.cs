using GitOpsFleet.Reconciler.Git;
using GitOpsFleet.Reconciler.Service;
using GitOpsFleet.Reconciler.Service.Fleets;
using GitOpsFleet.Reconciler.State.Leases;
using GitOpsFleet.Reconciler.State;
using GitOpsFleet.Reconciler.Tests.Support;
using Microsoft.AspNetCore.Builder;
using Microsoft.Extensions.Logging;

namespace GitOpsFleet.Reconciler.Tests.Service;

/// <summary>The real service host (Quartz, coordinator, HTTP) in this process over SQLite, with a recording executor instead of the pipeline.</summary>
internal sealed class InProcessService : IAsyncDisposable
{
    private readonly TempDirectory _temp = new("svc");
    private WebApplication _app = null!;

    public RecordingExecutor Executor { get; private set; } = null!;

    /// <summary>The service's state store (runs, the audit log).</summary>
    public SqliteStateStore Store { get; private set; } = null!;
    public HttpClient Http { get; private set; } = null!;
    public int Port { get; private set; }

    /// <summary>The service's SQLite state file.</summary>
    public string DatabasePath => _temp.Combine("state.db");

    /// <summary>Where the fleet's repository is said to be (the path webhooks name to match it).</summary>
    public string RepositoryOf(string fleet) => _temp.Combine(fleet);

    public static async Task<InProcessService> StartAsync(string[] fleets, Func<string, CancellationToken, Task<string>> behaviour, Action<ServiceOptions> configure, TimeProvider? time = null, ILoggerProvider? logs = null, IReadOnlyList<GitOpsFleet.Model.Diagnostic>? diagnostics = null)
    {
        var s = new InProcessService();
        var db = s._temp.Combine("state.db");
        var store = await SqliteStateStore.OpenAsync(db, CancellationToken.None);
        var leases = await SqliteLeaseStore.OpenAsync(db, TimeProvider.System, CancellationToken.None);
        s.Executor = new RecordingExecutor(store, behaviour, diagnostics);
        s.Store = store;
        File.WriteAllText(s._temp.Combine("secret"), ServeFixture.Secret);
        File.WriteAllText(s._temp.Combine("gitlab-token"), ServeFixture.GitLabToken);
        var port = ServeProcess.FreePort();
        var options = new ServiceOptions { Urls = $"http://127.0.0.1:{port}", WebhookSecretFile = s._temp.Combine("secret"), InstanceId = "test" };
        options.Webhooks.GitLabTokenFile = s._temp.Combine("gitlab-token");
        configure(options);
        // Fleet names double as repository folder names so the recording executor can tell them apart.
        var catalog = new FleetCatalog(fleets.Select(f => new FleetDefinition(f, RepositoryLocation.Parse(s._temp.Combine(f)), null)));
        var parts = new ServiceParts(store, leases, s.Executor, async () =>
        {
            await store.DisposeAsync();
            await leases.DisposeAsync();
        });
        s._app = ServiceHost.Build(options, catalog, new StateLocation(StateKind.Sqlite, db), parts, time ?? TimeProvider.System, b =>
        {
            if (logs is not null) b.AddProvider(logs);
        });
        await s._app.StartAsync();
        s.Port = port;
        // With "Expect: 100-continue" the client waits this long for the service's answer before it sends the body anyway;
        // the default second is too short on a loaded machine, and a body sent into a 413 breaks the pipe.
        s.Http = new HttpClient(new SocketsHttpHandler { Expect100ContinueTimeout = TimeSpan.FromSeconds(30) }) { BaseAddress = new Uri($"http://127.0.0.1:{port}") };
        return s;
    }

    public async ValueTask DisposeAsync()
    {
        await _app.StopAsync();
        await _app.DisposeAsync();
        Http.Dispose();
        _temp.Dispose();
    }
}
