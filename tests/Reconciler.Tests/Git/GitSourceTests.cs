using GitOpsFleet.Reconciler.Git;
using GitOpsFleet.Reconciler.State;
using GitOpsFleet.Reconciler.Tests.Support;

namespace GitOpsFleet.Reconciler.Tests.Git;

public sealed class GitSourceTests : IDisposable
{
    private readonly TempDirectory _temp = new("gitsrc");

    [Fact]
    public async Task Fetch_LocalPath_ReadsTheCommitTreeNotTheWorkTree()
    {
        var repo = new FleetRepository(_temp.Combine("fleet")).Write("fleet.yaml", "a: 1\n").Write("pools/x.yaml", "b: 2\n");
        var sha = repo.Commit("first");
        repo.Write("fleet.yaml", "edited but not committed\n").Write("pools/new.yaml", "uncommitted");
        var source = new GitSource(new StateHome(_temp.Combine("home")), new GitCredentials(null, null));

        using var snapshot = await source.FetchAsync(RepositoryLocation.Parse(repo.Path), null, CancellationToken.None);

        Assert.Equal(sha, snapshot.Commit);
        Assert.Equal("main", snapshot.Ref);
        Assert.Equal("a: 1\n", ((GitOpsFleet.Model.ISourceSnapshot)snapshot).ReadText("fleet.yaml"));
        Assert.Equal(["pools/x.yaml"], snapshot.ListFiles("pools"));
        Assert.False(snapshot.FileExists("pools/new.yaml"));
    }

    [Fact]
    public async Task Fetch_FileUrl_FollowsNewCommitsAndTheRemoteDefaultBranch()
    {
        var repo = new FleetRepository(_temp.Combine("fleet"), branch: "trunk").Write("f.txt", "1");
        repo.Commit("one");
        var source = new GitSource(new StateHome(_temp.Combine("home")), new GitCredentials(null, null));
        var location = RepositoryLocation.Parse("file://" + repo.Path);

        using (var first = await source.FetchAsync(location, null, CancellationToken.None))
        {
            Assert.Equal("trunk", first.Ref);
        }
        var second = repo.Write("f.txt", "2").Commit("two");
        using var snapshot = await source.FetchAsync(location, "trunk", CancellationToken.None);
        Assert.Equal(second, snapshot.Commit);
        Assert.Equal("two", snapshot.Message);
    }

    [Fact]
    public async Task Fetch_UnknownRef_NamesTheRefAndTheBranches()
    {
        var repo = new FleetRepository(_temp.Combine("fleet")).Write("f.txt", "1");
        repo.Commit("one");
        var source = new GitSource(new StateHome(_temp.Combine("home")), new GitCredentials(null, null));
        var ex = await Assert.ThrowsAsync<GitSourceException>(() => source.FetchAsync(RepositoryLocation.Parse(repo.Path), "release", CancellationToken.None));
        Assert.Contains("'release' not found", ex.Message, StringComparison.Ordinal);
        Assert.Contains("main", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Fetch_UnreachableRepository_IsAGitSourceErrorWithoutCredentials()
    {
        var source = new GitSource(new StateHome(_temp.Combine("home")), new GitCredentials("user", "s3cret-token"));
        var ex = await Assert.ThrowsAsync<GitSourceException>(() =>
            source.FetchAsync(RepositoryLocation.Parse("http://user:s3cret-token@127.0.0.1:1/fleet.git"), null, CancellationToken.None));
        Assert.Contains("cannot fetch", ex.Message, StringComparison.Ordinal);
        Assert.DoesNotContain("s3cret-token", ex.Message, StringComparison.Ordinal);
        Assert.Contains("127.0.0.1:1/fleet.git", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void RedactUrls_RemovesCredentialsFromUrls()
    {
        Assert.Equal("see https://git.example/x.git now", GitOpsFleet.Providers.Secrets.SecretRedactor.RedactUrls("see https://bob:pw@git.example/x.git now"));
    }

    public void Dispose() => _temp.Dispose();
}
