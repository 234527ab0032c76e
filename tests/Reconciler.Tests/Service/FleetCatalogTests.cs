using GitOpsFleet.Reconciler.Git;
using GitOpsFleet.Reconciler.Service.Fleets;

namespace GitOpsFleet.Reconciler.Tests.Service;

/// <summary>Which fleets a webhook's repository URLs name: host and path both count.</summary>
public sealed class FleetCatalogTests
{
    private static readonly FleetCatalog Catalog = new([
        new FleetDefinition("mainnet", RepositoryLocation.Parse("https://gitea.example/ops/mainnet.git"), null),
        new FleetDefinition("holesky", RepositoryLocation.Parse("https://github.com/ops/holesky"), null),
    ]);

    [Theory]
    [InlineData("https://gitea.example/ops/mainnet.git")]
    [InlineData("https://GITEA.example/ops/mainnet")]
    [InlineData("https://gitea.example/ops/mainnet/")]
    [InlineData("https://token@gitea.example:3000/ops/mainnet.git")]
    [InlineData("git@gitea.example:ops/mainnet.git")]
    [InlineData("ssh://git@gitea.example:2222/ops/mainnet.git")]
    public void ByRepository_SameHostAndPath_Matches(string url) =>
        Assert.Equal("mainnet", Assert.Single(Catalog.ByRepository([url])).Name);

    [Theory]
    [InlineData("https://github.com/ops/mainnet.git")]
    [InlineData("git@github.com:ops/mainnet.git")]
    [InlineData("ops/mainnet")]
    [InlineData("https://gitea.example/ops/mainnet-fork.git")]
    [InlineData("https://gitea.example/someone/ops/mainnet.git")]
    [InlineData("")]
    public void ByRepository_OtherHostOrPath_OrNoHost_MatchesNothing(string url) =>
        Assert.Empty(Catalog.ByRepository([url, null]));

    [Fact]
    public void ByRepository_LocalPath_MatchesTheSamePathOnly()
    {
        var catalog = new FleetCatalog([new FleetDefinition("local", RepositoryLocation.Parse("/srv/fleets/local"), null)]);
        Assert.Single(catalog.ByRepository(["/srv/fleets/local.git"]));
        Assert.Single(catalog.ByRepository(["file:///srv/fleets/local/"]));
        Assert.Empty(catalog.ByRepository(["/srv/other/local"]));
    }
}
