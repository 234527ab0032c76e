using GitOpsFleet.Policies.Builtins.Kernels.Patterns;

namespace GitOpsFleet.Policies.Tests.Builtins.Kernels;

public class PatternTests
{
    [Theory]
    [InlineData("*.github.com", ".", "api.github.com", true)]
    [InlineData("*", ".", "foo.bar", false)]
    [InlineData("api.**.com", ".", "api.a.b.com", true)]
    [InlineData("[!a-c]at", "", "fat", true)]
    [InlineData("{cat,bat,[fr]at}", "", "rat", true)]
    [InlineData("{cat,bat,[fr]at}", "", "at", false)]
    [InlineData("?at", "f", "fat", false)]
    public void Glob_Match_FollowsSeparators(string pattern, string separators, string input, bool expected)
    {
        Assert.Equal(expected, GlobPattern.Compile(pattern, separators.ToCharArray()).IsMatch(input));
    }

    [Fact]
    public void Glob_QuoteMeta_EscapesSpecials()
    {
        Assert.Equal("\\*\\?\\[x\\]\\{a,b\\}", GlobPattern.QuoteMeta("*?[x]{a,b}"));
    }

    [Fact]
    public void Re2_NamedGroupsAndEndOfText_Translate()
    {
        var re = Re2Translator.Compile("(?P<word>[[:alpha:]]+)$");
        Assert.Equal("abc", re.Match("1 abc").Groups[Re2Translator.GroupNumber(re, "word")].Value);
        Assert.DoesNotMatch(re, "abc\n");
        Assert.DoesNotMatch(Re2Translator.Compile("^\\d+$"), "١٢");
    }

    [Theory]
    [InlineData("(?=x)")]
    [InlineData("(a)\\1")]
    [InlineData("$^[[[")]
    public void Re2_UnsupportedOrBrokenSyntax_IsInvalid(string pattern)
    {
        Assert.False(Re2Translator.IsValid(pattern));
    }

    [Fact]
    public void GoRegex_SplitAndReplace_FollowGoSemantics()
    {
        Assert.Equal(["b", "n", "n", ""], GoRegex.Split(Re2Translator.Compile("a"), "banana"));
        Assert.Equal("x-y", GoRegex.ReplaceAll(Re2Translator.Compile("(?P<a>\\w+)\\.(\\w+)"), "x.y", "${a}-$2"));
        Assert.Equal(["", "aaa", ""], GoRegex.FindAll(Re2Translator.Compile("a*"), "baaac", -1).Select(m => m.Value));
    }

    [Theory]
    [InlineData("[a-z]+", "[0-9]*", false)]
    [InlineData("[a-z]+\\[[0-9]+\\]", "foo\\[1\\]", true)]
    [InlineData("b.*", "ba+", true)]
    [InlineData("a?", "b", false)]
    public void GlobIntersection_DecidesCommonString(string a, string b, bool expected)
    {
        Assert.Equal(expected, GlobIntersection.Intersect(a, b));
    }
}
