using System.Numerics;
using GitOpsFleet.Policies.Builtins.Kernels.Units;

namespace GitOpsFleet.Policies.Tests.Builtins.Kernels;

public class UnitsParserTests
{
    [Theory]
    [InlineData("500m", 5, -1)]
    [InlineData("1.1Ki", 11264, -1)]
    [InlineData("10K", 10000, 0)]
    [InlineData("2.5e3K", 2500000, 0)]
    [InlineData("-3.5E2m", -35, -2)]
    [InlineData("\"100Mi\"", 104857600, 0)]
    public void Parse_AmountWithSuffix_IsExact(string text, long mantissa, int exponent)
    {
        var (m, e) = UnitsParser.Parse(text);
        Assert.Equal(new BigInteger(mantissa) * BigInteger.Pow(10, Math.Max(exponent, 0)), m * BigInteger.Pow(10, Math.Max(e, 0)));
        Assert.Equal(Math.Min(exponent, 0), Math.Min(e, 0));
    }

    [Fact]
    public void Parse_LoneE_IsExaNotExponent()
    {
        Assert.Equal(BigInteger.Parse("5000000000000000000"), UnitsParser.Parse("5E").Mantissa);
    }

    [Theory]
    [InlineData("1.1KiB", "1126")]
    [InlineData("10eib", "11529215046068469760")]
    [InlineData("1e-2KB", "10")]
    [InlineData("2MiB", "2097152")]
    public void ParseBytes_TruncatesToWholeBytes(string text, string expected)
    {
        Assert.Equal(BigInteger.Parse(expected), UnitsParser.ParseBytes(text));
    }

    [Theory]
    [InlineData("", "no byte amount provided")]
    [InlineData("GB", "no byte amount provided")]
    [InlineData("0.0.0", "could not parse byte amount to a number")]
    [InlineData(" 327MiB ", "spaces not allowed in resource strings")]
    public void ParseBytes_Invalid_ReportsReason(string text, string message)
    {
        Assert.Equal(message, Assert.Throws<UnitsParser.UnitsException>(() => UnitsParser.ParseBytes(text)).Message);
    }
}
