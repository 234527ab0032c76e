using GitOpsFleet.Policies.Builtins.Kernels.Versions;

namespace GitOpsFleet.Policies.Tests.Builtins.Kernels;

public class SemanticVersionTests
{
    [Theory]
    [InlineData("1.0.0", "2.0.0", -1)]
    [InlineData("1.0.0-alpha", "1.0.0", -1)]
    [InlineData("1.0.0-alpha.1", "1.0.0-alpha.beta", -1)]
    [InlineData("1.0.0-2", "1.0.0-10", -1)]
    [InlineData("1.0.0+build.1", "1.0.0+build.2", 0)]
    [InlineData("2.1.0", "2.0.9", 1)]
    public void CompareTo_FollowsSemVerPrecedence(string a, string b, int expected)
    {
        Assert.True(SemanticVersion.TryParse(a, out var x));
        Assert.True(SemanticVersion.TryParse(b, out var y));
        Assert.Equal(expected, Math.Sign(x.CompareTo(y)));
    }

    [Theory]
    [InlineData("1")]
    [InlineData("v1.0.0")]
    [InlineData("01.0.0")]
    [InlineData("1.0.0-")]
    public void TryParse_Invalid_IsRejected(string text)
    {
        Assert.False(SemanticVersion.TryParse(text, out _));
    }
}
