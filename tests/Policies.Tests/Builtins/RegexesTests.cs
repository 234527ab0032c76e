using System.Diagnostics;
using GitOpsFleet.Policies.Conformance;
using GitOpsFleet.Policies.Evaluation;
using GitOpsFleet.Policies.Values;

namespace GitOpsFleet.Policies.Tests.Builtins;

public sealed class RegexesTests
{
    private static QueryResult Eval(string query) =>
        PolicyEngine.Compile([new RegoSource("r.rego", "package r\n")]).Evaluate(query, options: new EvalOptions { StrictBuiltinErrors = true });

    private static string Json(string query)
    {
        var result = Eval("x := " + query);
        Assert.Null(result.Error);
        return result.Rows[0]["x"].ToJson();
    }

    [Fact]
    public void Match_NestedQuantifierOnNearMiss_IsLinearTime()
    {
        var engine = PolicyEngine.Compile([new RegoSource("r.rego", "package r\n")]);
        var query = engine.Prepare("""x := regex.match("^(a+)+$", "aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaab")""");
        engine.Evaluate(query);

        var watch = Stopwatch.StartNew();
        var result = engine.Evaluate(query);
        watch.Stop();

        Assert.Equal("false", result.Rows[0]["x"].ToJson());
        // The target is under 10 ms; the bound is loose so a loaded machine does not fail it. Backtracking takes minutes.
        Assert.True(watch.ElapsedMilliseconds < 50, $"took {watch.ElapsedMilliseconds} ms");
    }

    [Theory]
    [InlineData("(a)\\\\1")]
    [InlineData("a(?=b)")]
    [InlineData("(?<=a)b")]
    [InlineData("(?!a)b")]
    [InlineData("(?>a+)")]
    [InlineData("a++")]
    [InlineData("a**")]
    [InlineData("a\\\\Z")]
    [InlineData("\\\\k<x>")]
    [InlineData("a{1001}")]
    [InlineData("(?P<n>a)(?P<n>b)")]
    [InlineData("[z-a]")]
    [InlineData("(?x)a b")]
    public void Match_SyntaxRe2Refuses_IsBuiltinErrorAndInvalid(string pattern)
    {
        var result = Eval($"regex.match(\"{pattern}\", \"ab\")");

        Assert.Equal("eval_builtin_error", result.Error?.Code);
        Assert.StartsWith("regex.match: error parsing regexp", result.Error!.Message, StringComparison.Ordinal);
        Assert.Equal("false", Json($"regex.is_valid(\"{pattern}\")"));
    }

    [Theory]
    [InlineData("^a$", "a\\n", "false")]
    [InlineData("(?m)^a$", "a\\nb", "true")]
    [InlineData("a\\\\z", "a\\n", "false")]
    [InlineData("\\\\Aa", "a", "true")]
    [InlineData("^\\\\d+$", "١٢", "false")]
    [InlineData("^\\\\w+$", "héllo", "false")]
    [InlineData("^\\\\s$", "\\u00a0", "false")]
    [InlineData("^[[:alpha:]]+$", "abcXYZ", "true")]
    [InlineData("^[[:^digit:]]+$", "ab1", "false")]
    [InlineData("^\\\\pL+$", "héllo", "true")]
    [InlineData("^\\\\p{Lu}[^\\\\P{Ll}]+$", "Hello", "true")]
    [InlineData("(?i)^HELLO$", "hello", "true")]
    [InlineData("^(?i:a)B$", "AB", "true")]
    [InlineData("^(?i:a)B$", "Ab", "false")]
    [InlineData("^\\\\x{48}\\\\x49\\\\101$", "HIA", "true")]
    [InlineData("^\\\\Q.*\\\\E$", ".*", "true")]
    [InlineData("^a#b c$", "a#b c", "true")]
    [InlineData("^.$", "😀", "true")]
    [InlineData("a{,2}", "a{,2}", "true")]
    public void Match_Re2Semantics(string pattern, string input, string expected) =>
        Assert.Equal(expected, Json($"regex.match(\"{pattern}\", \"{input}\")"));

    [Fact]
    public void FindAllSubmatch_NamedGroups_NumberLikeGo()
    {
        Assert.Equal("""[["k=v","k","v"]]""", Json("""regex.find_all_string_submatch_n("(?P<key>\\w+)=(?<val>\\w+)", "k=v", -1)"""));
        Assert.Equal("\"v-k\"", Json("""regex.replace("k=v", "(?P<key>\\w+)=(?P<val>\\w+)", "${val}-$key")"""));
    }

    [Fact]
    public void SplitAndFind_FollowGo()
    {
        Assert.Equal("""["a","b","c"]""", Json("""regex.split("\\d", "a1b2c")"""));
        Assert.Equal("""["😀","x"]""", Json("""regex.find_n(".", "😀x", -1)"""));
        Assert.Equal("true", Json("""regex.template_match("urn:foo:{.*}#x", "urn:foo:bar#x", "{", "}")"""));
    }

    [Fact]
    public void FindAll_Alternation_IsLeftmostFirstLikeGo()
    {
        Assert.Equal("""["a"]""", Json("""regex.find_n("a|ab", "ab", -1)"""));
        Assert.Equal("""[["abcd","a","bcd",""]]""", Json("""regex.find_all_string_submatch_n("(a|ab)(c|bcd)(d*)", "abcd", -1)"""));
        Assert.Equal("""["a","a"]""", Json("""regex.find_n("a+?", "aa", -1)"""));
    }

    [Fact]
    public void Match_Ungreedy_SwapsGreed() =>
        Assert.Equal("""["a"]""", Json("""regex.find_n("(?U)a+", "aaa", 1)"""));

    [Fact]
    public void Match_PatternTooLargeForNonBacktracking_TimesOutAsBuiltinError()
    {
        // .NET cannot build the linear-time automaton for this counted repetition, so it runs backtracking under a timeout.
        var result = Eval($"regex.match(\"(?:[a-z]{{100}}){{100}}b\", \"{new string('a', 200000)}\")");

        Assert.Equal("eval_builtin_error", result.Error?.Code);
        Assert.Contains("exceeded", result.Error!.Message, StringComparison.Ordinal);
    }

    [SkippableTheory]
    [InlineData("regexfind")]
    [InlineData("regexfindallstringsubmatch")]
    [InlineData("regexisvalid")]
    [InlineData("regexmatch")]
    [InlineData("regexmatchtemplate")]
    [InlineData("regexsplit")]
    [InlineData("globmatch")]
    [InlineData("globsmatch")]
    [InlineData("rendertemplate")]
    public void Conformance_Topic_EveryCasePasses(string topic)
    {
        var dir = Path.GetFullPath(Path.Combine(AppContext.BaseDirectory, "..", "..", "..", "..", "..", "..", "shared", "opa-conformance", "cases", topic));
        Skip.If(!Directory.Exists(dir), $"OPA conformance cases not found for {topic}");
        var log = new StringWriter();

        var report = new ConformanceRunner().RunDirectory(dir, verbose: true, log, CancellationToken.None);

        Assert.True(report.Failed == 0 && report.Passed > 0, $"{topic}: {report.Summary}\n{log}");
    }
}
