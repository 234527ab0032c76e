using GitOpsFleet.Policies.Builtins.Kernels.Ids;

namespace GitOpsFleet.Policies.Tests.Builtins.Kernels;

public class UuidInfoTests
{
    [Fact]
    public void Describe_Version2_ReportsTimeDomainAndNode()
    {
        Assert.True(UuidInfo.TryParse("urn:uuid:000003e8-48b9-21ee-b200-325096b39f47", out var bytes));
        var info = UuidInfo.Describe(bytes);
        Assert.Equal(2, info["version"]);
        Assert.Equal(1693566990121469600L, info["time"]);
        Assert.Equal(12800, info["clocksequence"]);
        Assert.Equal("Person", info["domain"]);
        Assert.Equal(1000L, info["id"]);
        Assert.Equal("32-50-96-b3-9f-47", info["nodeid"]);
        Assert.Equal("local:unicast", info["macvariables"]);
    }

    [Theory]
    [InlineData("{00000000-0000-4000-8000-000000000000}", true)]
    [InlineData("6bea8ef2d3d33cd184e09bab06a52ece", true)]
    [InlineData("6bea8ef2-d3d3-3cd1-84e0-9bab06a52ec", false)]
    public void TryParse_AcceptsTheFourForms(string text, bool valid)
    {
        Assert.Equal(valid, UuidInfo.TryParse(text, out _));
    }
}
