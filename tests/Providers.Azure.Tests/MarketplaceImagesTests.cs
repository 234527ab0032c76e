namespace GitOpsFleet.Providers.Azure.Tests;

public sealed class MarketplaceImagesTests
{
    private static readonly IReadOnlyDictionary<string, string> Table = MarketplaceImages.Table(new Dictionary<string, string>());

    [Fact]
    public void Resolve_Alias_IsCanonicalUbuntu2404Server()
    {
        var image = MarketplaceImages.Resolve("ubuntu-24.04", Table)!;

        Assert.Equal(("Canonical", "ubuntu-24_04-lts", "server", "latest"), (image.Publisher, image.Offer, image.Sku, image.Version));
    }

    [Fact]
    public void Resolve_Urn_IsTakenAsIs()
    {
        var image = MarketplaceImages.Resolve("Canonical:ubuntu-24_04-lts:server-arm64:24.04.202501010", Table)!;

        Assert.Equal("server-arm64", image.Sku);
        Assert.Equal("24.04.202501010", image.Version);
    }

    [Theory]
    [InlineData("gentoo")]
    [InlineData("a:b:c")]
    [InlineData("a::c:d")]
    public void Resolve_UnknownOrMalformed_IsNull(string image) => Assert.Null(MarketplaceImages.Resolve(image, Table));

    [Fact]
    public void Describe_PrefersThePoolsOwnAlias_WhenTwoAliasesShareAnImage()
    {
        var table = MarketplaceImages.Table(new Dictionary<string, string> { ["noble"] = "Canonical:ubuntu-24_04-lts:server:latest" });
        var reference = MarketplaceImages.Resolve("ubuntu-24.04", table);

        Assert.Equal("noble", MarketplaceImages.Describe(reference, table, preferred: "noble"));
        Assert.Equal("ubuntu-24.04", MarketplaceImages.Describe(reference, table, preferred: "ubuntu-24.04"));
        Assert.Equal("Canonical:ubuntu-24_04-lts:server:24.04.1", MarketplaceImages.Describe(MarketplaceImages.Resolve("Canonical:ubuntu-24_04-lts:server:24.04.1", table), table));
    }
}
