using GitOpsFleet.Policies.Builtins;
using GitOpsFleet.Policies.Values;

namespace GitOpsFleet.Policies.Tests.Builtins;

public sealed class SprintfTests
{
    [Theory]
    [InlineData("%s|%v", "[\"a\", \"b\"]", "a|b")]
    [InlineData("%05d|%-4s|%4s", "[42, \"l\", \"r\"]", "00042|l   |   r")]
    [InlineData("%.2f|%v|%x|%X", "[3.14159, 1.5, 255, 255]", "3.14|1.5|ff|FF")]
    [InlineData("%s", "[5]", "%!s(int=5)")]
    [InlineData("%d", "[1.5]", "%!d(float64=1.5)")]
    [InlineData("%v", "[true]", "true")]
    [InlineData("%[1]v-%[1]v", "[\"x\"]", "x-x")]
    [InlineData("%v", "[]", "%!v(MISSING)")]
    [InlineData("%v", "[1, 2]", "1%!(EXTRA int=2)")]
    [InlineData("%s", "[123456789123456789123]", "123456789123456789123")]
    public void Format_GoVerbs_MatchOpaOutput(string format, string args, string expected)
    {
        var values = ((ArrayValue)ValueJson.Parse(args)).AsList();

        Assert.Equal(expected, Sprintf.Format(format, values));
    }
}
