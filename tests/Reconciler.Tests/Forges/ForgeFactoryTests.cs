using GitOpsFleet.Model;
using GitOpsFleet.Reconciler.Forges;
using GitOpsFleet.Reconciler.State;
using GitOpsFleet.Reconciler.Tests.Support;

namespace GitOpsFleet.Reconciler.Tests.Forges;

public sealed class ForgeFactoryTests : IAsyncLifetime
{
    private readonly TempDirectory _temp = new("ffactory");
    private readonly HttpClient _http = new();
    private SqliteStateStore _store = null!;

    public async Task InitializeAsync() => _store = await SqliteStateStore.OpenAsync(_temp.Combine("state.db"), CancellationToken.None);

    public async Task DisposeAsync()
    {
        await _store.DisposeAsync();
        _http.Dispose();
        _temp.Dispose();
    }

    private ForgeFactory Factory(Dictionary<string, string> env) => new(_store, TimeProvider.System, _http, name => env.GetValueOrDefault(name));

    [Fact]
    public void Local_IsTheDefault_AndNeedsNoToken()
    {
        var forge = Factory([]).For(ForgeSettings.Default);
        Assert.IsType<LocalForge>(forge);
        Assert.Null(Factory([]).PushAuthenticationFor(ForgeSettings.Default));
    }

    [Theory]
    [InlineData(ForgeKind.GitHub, null, "github")]
    [InlineData(ForgeKind.Gitea, "https://git.example/api/v1", "gitea")]
    [InlineData(ForgeKind.GitLab, "https://gitlab.example/api/v4", "gitlab")]
    public void Remote_TakesTheTokenFromTheEnvironment(ForgeKind kind, string? url, string expected)
    {
        var settings = new ForgeSettings(kind, url, "acme/fleet", "FLEET_FORGE_TOKEN", null);
        var factory = Factory(new() { ["FLEET_FORGE_TOKEN"] = "t0ken" });

        var forge = factory.For(settings);

        Assert.IsType<RemoteForge>(forge);
        Assert.Equal(expected, forge.Kind);
        Assert.Same(forge, factory.For(settings));
        var push = factory.PushAuthenticationFor(settings);
        Assert.Equal("t0ken", push?.Token);
        Assert.DoesNotContain("t0ken", push!.ToString(), StringComparison.Ordinal);
    }

    [Fact]
    public void Remote_TakesTheTokenFromAFile()
    {
        var file = _temp.Combine("token");
        File.WriteAllText(file, "from-file\n");
        var settings = new ForgeSettings(ForgeKind.GitHub, "https://ghe.example/api/v3", "acme/fleet", null, file);

        Assert.Equal("from-file", Factory([]).PushAuthenticationFor(settings)?.Token);
        Assert.Equal("github", Factory([]).For(settings).Kind);
    }

    [Fact]
    public void Remote_WithoutUrlRepositoryOrToken_SaysEverythingThatIsMissing()
    {
        var ex = Assert.Throws<ForgeConfigurationException>(() => Factory([]).For(new ForgeSettings(ForgeKind.Gitea, null, null, "MISSING_TOKEN", null)));

        Assert.Contains("forge.url is required for gitea", ex.Message, StringComparison.Ordinal);
        Assert.Contains("forge.repository is required", ex.Message, StringComparison.Ordinal);
        Assert.Contains("environment variable MISSING_TOKEN", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Remote_UrlWithCredentials_IsRefused()
    {
        var ex = Assert.Throws<ForgeConfigurationException>(() =>
            Factory(new() { ["T"] = "x" }).For(new ForgeSettings(ForgeKind.GitLab, "https://user:secret@gitlab.example/api/v4", "g/p", "T", null)));
        Assert.Contains("must not carry credentials", ex.Message, StringComparison.Ordinal);
        Assert.DoesNotContain("secret", ex.Message, StringComparison.Ordinal);
    }
}
