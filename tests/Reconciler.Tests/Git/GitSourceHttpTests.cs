using GitOpsFleet.Reconciler.Git;
using GitOpsFleet.Reconciler.State;
using GitOpsFleet.Reconciler.Tests.Support;

namespace GitOpsFleet.Reconciler.Tests.Git;

/// <summary>Fetching a fleet over a real smart-HTTP git server (git http-backend behind Kestrel) that wants a token.</summary>
public sealed class GitSourceHttpTests : IAsyncLifetime
{
    private readonly TempDirectory _temp = new("githttp");
    private GitHttpServer _server = null!;
    private string _url = null!;
    private string _sha = null!;

    public async Task InitializeAsync()
    {
        _server = await GitHttpServer.StartAsync(_temp.Combine("served"), "tok-" + Guid.NewGuid().ToString("N"));
        var local = new FleetRepository(_temp.Combine("work")).Write("fleet.yaml", "kind: Fleet\n");
        _sha = local.Commit("first");
        Directory.CreateDirectory(_temp.Combine("served"));
        LibGit2Sharp.Repository.Clone(local.Path, _server.RepositoryPath("fleet"), new LibGit2Sharp.CloneOptions { IsBare = true });
        _url = new Uri(_server.BaseAddress, "git/fleet.git").AbsoluteUri;
    }

    [Fact]
    public async Task Fetch_OverHttpWithToken_ReadsTheDefaultBranch()
    {
        var source = new GitSource(new StateHome(_temp.Combine("home")), new GitCredentials("x-access-token", _server.Token));
        using var snapshot = await source.FetchAsync(RepositoryLocation.Parse(_url), null, CancellationToken.None);
        Assert.Equal(_sha, snapshot.Commit);
        Assert.Equal("main", snapshot.Ref);
        Assert.True(snapshot.FileExists("fleet.yaml"));
    }

    [Fact]
    public async Task Fetch_WithAWrongToken_FailsWithoutShowingIt()
    {
        const string wrong = "wrong-secret-4711";
        var source = new GitSource(new StateHome(_temp.Combine("home")), new GitCredentials("x-access-token", wrong));
        var ex = await Assert.ThrowsAsync<GitSourceException>(() => source.FetchAsync(RepositoryLocation.Parse(_url), null, CancellationToken.None));
        Assert.Contains("cannot fetch", ex.Message, StringComparison.Ordinal);
        Assert.DoesNotContain(wrong, ex.Message, StringComparison.Ordinal);
        Assert.DoesNotContain(_server.Token, ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Validate_OverHttp_TakesTheTokenFromTheEnvironmentOnly()
    {
        var psi = new System.Diagnostics.ProcessStartInfo(CliRunner.Executable) { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        foreach (var a in new[] { "validate", "--repo", _url }) psi.ArgumentList.Add(a);
        psi.Environment["GITOPSFLEET_HOME"] = _temp.Combine("cli-home");
        psi.Environment["GITOPSFLEET_GIT_TOKEN"] = _server.Token;
        using var process = System.Diagnostics.Process.Start(psi)!;
        var output = await process.StandardOutput.ReadToEndAsync() + await process.StandardError.ReadToEndAsync();
        await process.WaitForExitAsync();
        // The repository holds an invalid fleet: fetching worked, loading reports the problems, and no token is printed.
        Assert.Equal(1, process.ExitCode);
        Assert.Contains("fleet.yaml", output, StringComparison.Ordinal);
        Assert.DoesNotContain("cannot fetch", output, StringComparison.Ordinal);
        Assert.DoesNotContain(_server.Token, output, StringComparison.Ordinal);
    }

    public async Task DisposeAsync()
    {
        await _server.DisposeAsync();
        _temp.Dispose();
    }
}
