using GitOpsFleet.Policies.Builtins.Kernels.Net;

namespace GitOpsFleet.Policies.Tests.Builtins.Kernels;

public class CidrMathTests
{
    [Theory]
    [InlineData("10.0.0.0/8", "10.1.2.3", true)]
    [InlineData("172.17.0.0/24", "172.17.0.0/16", false)]
    [InlineData("2001:4860:4860::8888/32", "2001:4860:4860:1234::8888/40", true)]
    public void Contains_AddressOrPrefix(string cidr, string other, bool expected)
    {
        Assert.Equal(expected, CidrMath.Contains(cidr, other));
    }

    [Fact]
    public void Contains_MalformedCidr_Throws()
    {
        Assert.Throws<FormatException>(() => CidrMath.Contains("not-a-cidr", "10.0.0.1"));
    }

    [Fact]
    public void Expand_IncludesNetworkAndBroadcast()
    {
        Assert.Equal(["192.168.1.0", "192.168.1.1", "192.168.1.2", "192.168.1.3"], CidrMath.Expand("192.168.1.1/30"));
    }

    [Fact]
    public void Merge_AdjacentPrefixes_Combine()
    {
        Assert.Equal(["192.0.128.0/23"], CidrMath.Merge(["192.0.128.0/24", "192.0.129.0/24"]));
        Assert.Equal(["10.0.0.0/30", "2001:db8::/127"], CidrMath.Merge(["10.0.0.0/32", "10.0.0.1/32", "10.0.0.2/31", "2001:db8::/128", "2001:db8::1/128"]));
    }

    [Fact]
    public void Merge_BareAddresses_StandForTheirClassfulNetwork()
    {
        // OPA gives a bare IPv4 address Go's default (classful) mask and prints it unmasked when alone.
        Assert.Equal(["10.0.0.0/8", "192.168.1.1/24"], CidrMath.Merge(["192.168.1.1", "10.0.0.1", "10.9.0.0/16"]));
        Assert.Equal(["172.16.0.0/16"], CidrMath.Merge(["172.16.5.5", "172.16.9.9"]));
        Assert.Throws<FormatException>(() => CidrMath.Merge(["2001:db8::1"]));
    }

    [Theory]
    [InlineData("192.168.1.0/24", true)]
    [InlineData("192.168.1.2", false)]
    [InlineData("010.0.0.0/8", false)]
    [InlineData("2002::1234:abcd:ffff:c0a8:101/64", true)]
    public void TryParseCidr_IsStrict(string text, bool valid)
    {
        Assert.Equal(valid, IpNetwork.TryParseCidr(text, out _));
    }
}
