using GitOpsFleet.Policies.Values;

namespace GitOpsFleet.Policies.Tests.Compilation;

public sealed class RuleIndexTests
{
    private static PolicyEngine Engine()
    {
        var rules = string.Join('\n', Enumerable.Range(0, 20).Select(i => $"deny contains \"k{i}\" if {{\n  input.kind == \"k{i}\"\n  input.n > {i % 3}\n}}\n"));
        return PolicyEngine.Compile([new RegoSource("i.rego", "package i\n\n" + rules + "\ndeny contains \"any\" if input.n > 100\n")]);
    }

    [Fact]
    public void Compile_ManyRulesComparingInputWithConstants_BuildsIndex()
    {
        var rs = Engine().Policy.RuleSets.Single(r => r.DottedPath == "data.i.deny");

        Assert.NotNull(rs.RuleIndex);
        Assert.Equal(20, rs.RuleIndex!.Count);
        Assert.Single(rs.UnindexedRules!);
    }

    [Theory]
    [InlineData("""{"kind": "k4", "n": 5}""", """["k4"]""")]
    [InlineData("""{"kind": "k4", "n": 0}""", "[]")]
    [InlineData("""{"kind": "zz", "n": 500}""", """["any"]""")]
    [InlineData("""{"n": 500}""", """["any"]""")]
    [InlineData("""{"kind": "k7", "n": 500}""", """["any","k7"]""")]
    public void EvaluateDocument_IndexedRules_GiveSameAnswerAsFullEvaluation(string input, string expected)
    {
        var v = Engine().EvaluateDocument("i.deny", ValueJson.Parse(input));

        Assert.Equal(expected, v!.ToJson());
    }
}
