using GitOpsFleet.Reconciler.Git;
using GitOpsFleet.Reconciler.State;
using GitOpsFleet.Reconciler.Tests.Support;

namespace GitOpsFleet.Reconciler.Tests.Git;

/// <summary>Credentials written into a repository URL are used for the fetch but never written to disk or shown.</summary>
public sealed class GitSourceUrlCredentialsTests : IAsyncLifetime
{
    private readonly TempDirectory _temp = new("giturlcreds");
    private GitHttpServer _server = null!;
    private string _sha = null!;

    public async Task InitializeAsync()
    {
        // An '@' in the password: a parser that stops at the first '@' would leak its tail.
        _server = await GitHttpServer.StartAsync(_temp.Combine("served"), "p@ss-" + Guid.NewGuid().ToString("N"));
        var local = new FleetRepository(_temp.Combine("work")).Write("fleet.yaml", "kind: Fleet\n");
        _sha = local.Commit("first");
        Directory.CreateDirectory(_temp.Combine("served"));
        LibGit2Sharp.Repository.Clone(local.Path, _server.RepositoryPath("fleet"), new LibGit2Sharp.CloneOptions { IsBare = true });
    }

    [Fact]
    public async Task Fetch_MixedCaseUrlWithPassword_LeavesNoPasswordInTheCloneConfig()
    {
        var url = $"HTTP://x-access-token:{_server.Token}@{_server.BaseAddress.Authority}/git/fleet.git";
        var source = new GitSource(new StateHome(_temp.Combine("home")), new GitCredentials(null, null));
        var location = RepositoryLocation.Parse(url);

        using (var snapshot = await source.FetchAsync(location, null, CancellationToken.None))
        {
            Assert.Equal(_sha, snapshot.Commit);
        }

        var config = await File.ReadAllTextAsync(Path.Combine(source.ClonePath(location), "config"));
        Assert.Contains($"{_server.BaseAddress.Authority}/git/fleet.git", config, StringComparison.Ordinal);
        Assert.DoesNotContain(_server.Token, config, StringComparison.Ordinal);
        Assert.DoesNotContain("ss-", config, StringComparison.Ordinal);
        Assert.DoesNotContain(_server.Token, location.Display, StringComparison.Ordinal);
    }

    public async Task DisposeAsync()
    {
        await _server.DisposeAsync();
        _temp.Dispose();
    }
}
