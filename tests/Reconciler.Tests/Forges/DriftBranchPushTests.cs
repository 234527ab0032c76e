using GitOpsFleet.Model;
using GitOpsFleet.Reconciler.Drift;
using GitOpsFleet.Reconciler.Git;
using GitOpsFleet.Reconciler.Tests.Support;
using LibGit2Sharp;

namespace GitOpsFleet.Reconciler.Tests.Forges;

/// <summary>The drift branch pushed over smart HTTP (git http-backend) with a forge token, never with the token in a URL.</summary>
public sealed class DriftBranchPushTests : IAsyncLifetime
{
    private readonly TempDirectory _temp = new("push");
    private readonly ManualTime _time = new(new DateTimeOffset(2025, 6, 1, 12, 0, 0, TimeSpan.Zero));
    private GitHttpServer _server = null!;

    public async Task InitializeAsync() =>
        _server = await GitHttpServer.StartAsync(Directory.CreateDirectory(_temp.Combine("served")).FullName, "tok-" + Guid.NewGuid().ToString("N"));

    public async Task DisposeAsync()
    {
        await _server.DisposeAsync();
        _temp.Dispose();
    }

    private GitSnapshot Snapshot(string remoteUrl)
    {
        var work = new FleetRepository(_temp.Combine("work-" + Guid.NewGuid().ToString("N")[..6]));
        work.Write("fleet.yaml", "kind: Fleet\n").Write("pools/rpc.yaml", "# the rpc pool\nspec:\n  software: {name: geth, version: 1.14.12}  # pinned\n");
        var sha = work.Commit("fleet");
        var repo = new Repository(work.Path);
        repo.Network.Remotes.Add("origin", remoteUrl);
        return new GitSnapshot(repo, repo.Lookup<Commit>(sha), "main");
    }

    private static Dictionary<string, string> Files => new()
    {
        ["reports/drift/mainnet.md"] = "# Drift in fleet mainnet\n",
        ["pools/rpc.yaml"] = "# the rpc pool\nspec:\n  software: {name: geth, version: 1.14.13}  # pinned\n",
    };

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public async Task Publish_WithTheForgeToken_PushesTheDriftBranchOverHttp(bool bearer)
    {
        var url = _server.CreateRepository("fleet");
        using var snapshot = Snapshot(url);
        var publisher = new DriftBranchPublisher(new GitCredentials(null, null), _time);
        var auth = bearer ? new PushAuthentication("x-access-token", _server.Token, Bearer: true) : PushAuthentication.ForForge(ForgeKind.GitHub, _server.Token);

        var head = await publisher.PublishAsync(snapshot, "mainnet", Files, "Drift in fleet mainnet", auth, CancellationToken.None);

        using var served = new Repository(_server.RepositoryPath("fleet"));
        var branch = served.Branches["gitopsfleet/drift/mainnet"];
        Assert.NotNull(branch);
        Assert.Equal(head, branch.Tip.Sha);
        Assert.Equal(snapshot.Commit, Assert.Single(branch.Tip.Parents).Sha);
        Assert.Equal(Files["pools/rpc.yaml"], ((Blob)branch.Tip["pools/rpc.yaml"].Target).GetContentText());
        Assert.Equal(Files["reports/drift/mainnet.md"], ((Blob)branch.Tip["reports/drift/mainnet.md"].Target).GetContentText());
        Assert.Contains(_server.Requests, r => r.Method == "POST" && r.PathAndQuery.EndsWith("/git-receive-pack", StringComparison.Ordinal) && r.Status == 200);
        Assert.All(_server.Requests, r => Assert.DoesNotContain(_server.Token, r.PathAndQuery, StringComparison.Ordinal));
        Assert.DoesNotContain(_server.Token, served.Network.Remotes.Select(r => r.Url).Concat(snapshot.Repository.Network.Remotes.Select(r => r.Url)));
    }

    [Fact]
    public async Task Publish_AgainAfterANewReport_ForcePushesTheBranchInPlace()
    {
        var url = _server.CreateRepository("again");
        using var snapshot = Snapshot(url);
        var publisher = new DriftBranchPublisher(new GitCredentials(null, null), _time);
        var auth = PushAuthentication.ForForge(ForgeKind.Gitea, _server.Token);

        await publisher.PublishAsync(snapshot, "mainnet", Files, "first", auth, CancellationToken.None);
        _time.Advance(TimeSpan.FromMinutes(2));
        var second = await publisher.PublishAsync(snapshot, "mainnet", new Dictionary<string, string> { ["reports/drift/mainnet.md"] = "# second\n" }, "second", auth, CancellationToken.None);

        using var served = new Repository(_server.RepositoryPath("again"));
        var tip = served.Branches["gitopsfleet/drift/mainnet"].Tip;
        Assert.Equal(second, tip.Sha);
        // Rebuilt from the fleet commit, not stacked on the first report.
        Assert.Equal(snapshot.Commit, Assert.Single(tip.Parents).Sha);
    }

    [Fact]
    public async Task Publish_WithAWrongToken_FailsClearly_AndNeverShowsTheToken()
    {
        var url = _server.CreateRepository("refused");
        using var snapshot = Snapshot(url);
        var wrong = "wrong-" + Guid.NewGuid().ToString("N");
        var publisher = new DriftBranchPublisher(new GitCredentials(null, null), _time);

        var ex = await Assert.ThrowsAsync<GitSourceException>(() =>
            publisher.PublishAsync(snapshot, "mainnet", Files, "x", PushAuthentication.ForForge(ForgeKind.GitHub, wrong), CancellationToken.None));

        Assert.Contains("refused the credentials", ex.Message, StringComparison.Ordinal);
        Assert.Contains("gitopsfleet/drift/mainnet", ex.Message, StringComparison.Ordinal);
        Assert.DoesNotContain(wrong, ex.ToString(), StringComparison.Ordinal);
        Assert.Contains(_server.Requests, r => r.Status == 401);
        using var served = new Repository(_server.RepositoryPath("refused"));
        Assert.Null(served.Branches["gitopsfleet/drift/mainnet"]);
    }

    [Fact]
    public async Task Publish_WithoutAnyToken_IsRefused()
    {
        var url = _server.CreateRepository("anonymous");
        using var snapshot = Snapshot(url);
        var publisher = new DriftBranchPublisher(new GitCredentials(null, null), _time);

        var ex = await Assert.ThrowsAsync<GitSourceException>(() => publisher.PublishAsync(snapshot, "mainnet", Files, "x", null, CancellationToken.None));

        Assert.Contains("cannot push gitopsfleet/drift/mainnet", ex.Message, StringComparison.Ordinal);
        using var served = new Repository(_server.RepositoryPath("anonymous"));
        Assert.Empty(served.Branches);
    }
}
