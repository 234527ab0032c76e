using System.Text.Json.Nodes;
using GitOpsFleet.Reconciler.Tests.Support;

namespace GitOpsFleet.Reconciler.Tests.Service;

/// <summary>
/// One real `gitopsfleet serve` over a fresh fleet repository (one local pool, one node), shared by the tests
/// that look at it from outside (HTTP, browser). Its first run has finished when the tests start.
/// </summary>
public sealed class ServeFixture : IAsyncLifetime
{
    public const string Secret = "webhook-secret-for-tests";
    public const string Token = "api-token-for-tests";
    public const string GitLabToken = "gitlab-token-for-tests";
    private readonly TempDirectory _temp = new("serve");

    public string Fleet { get; } = TestFleet.NewName();
    internal ServeProcess Serve { get; private set; } = null!;
    internal FleetRepository Repo { get; private set; } = null!;
    public long FirstRunId { get; private set; }

    public async Task InitializeAsync()
    {
        Repo = TestFleet.Create(_temp.Combine("repo"), Fleet, replicas: 1);
        File.WriteAllText(_temp.Combine("secret"), Secret + "\n");
        File.WriteAllText(_temp.Combine("token"), Token);
        File.WriteAllText(_temp.Combine("gitlab-token"), GitLabToken);
        var env = new Dictionary<string, string> { ["GITOPSFLEET__WEBHOOKS__GITLABTOKENFILE"] = _temp.Combine("gitlab-token") };
        Serve = await ServeProcess.StartAsync(_temp.Combine("home"), env,
            "--repo", Repo.Path, "--webhook-secret-file", _temp.Combine("secret"), "--api-token-file", _temp.Combine("token"));
        var runs = await ApiJson.WaitForAsync(() => ApiJson.RunsAsync(Serve.Http, $"?fleet={Fleet}"),
            r => r.Any(x => x!["result"]!.ToString() != "running"), TimeSpan.FromSeconds(90), r => r.ToJsonString() + "\n" + Serve.Output);
        FirstRunId = runs.Last()!["id"]!.GetValue<long>();
    }

    public async Task DisposeAsync()
    {
        if (Serve is not null) await Serve.DisposeAsync();
        NodeProcesses.KillFleet(Fleet);
        _temp.Dispose();
    }
}
