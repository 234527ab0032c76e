using System.Text;
using System.Text.Json.Nodes;
using GitOpsFleet.Reconciler.Tests.Support;

namespace GitOpsFleet.Reconciler.Tests.Cli;

/// <summary>`policy test` as OPA users script it: --format json in opa test's shape, and --run to pick tests.</summary>
public sealed class PolicyTestCommandTests : IDisposable
{
    private readonly TempDirectory _temp = new("ptest");

    public PolicyTestCommandTests()
    {
        Directory.CreateDirectory(_temp.Combine("policies"));
        File.WriteAllText(_temp.Combine("policies", "admission_test.rego"), """
            package fleet.admission_test

            test_pass if true

            test_fails if {
                print("checking")
                false
            }

            test_other_pass if 1 == 1

            todo_test_later if false
            """);
    }

    public void Dispose() => _temp.Dispose();

    private Task<CliResult> TestAsync(params string[] args) =>
        new CliRunner(_temp.Combine("home")).RunAsync(["policy", "test", _temp.Combine("policies"), .. args]);

    private static JsonNode ByName(JsonArray results, string name) => results.Single(r => r!["name"]!.GetValue<string>() == name)!;

    [Fact]
    public async Task Coverage_PrintsOpasCoverageReport_WithRulesTheRunNeverReached()
    {
        var result = await TestAsync("--coverage", "--run", "test_pass$");

        Assert.True(result.ExitCode == 0, result.ToString());
        var report = JsonNode.Parse(result.Stdout)!;
        var file = report["files"]!.AsObject().Single(f => f.Key.EndsWith("admission_test.rego", StringComparison.Ordinal)).Value!;
        Assert.Equal("""[{"start":{"row":3},"end":{"row":3}}]""", file["covered"]!.ToJsonString());
        Assert.Equal(
            """[{"start":{"row":5},"end":{"row":7}},{"start":{"row":10},"end":{"row":10}},{"start":{"row":12},"end":{"row":12}}]""",
            file["not_covered"]!.ToJsonString());
        Assert.Equal(1, file["covered_lines"]!.GetValue<int>());
        Assert.Equal(5, file["not_covered_lines"]!.GetValue<int>());
        Assert.Equal(100.0 / 6, file["coverage"]!.GetValue<double>(), 10);
        Assert.Equal(1, report["covered_lines"]!.GetValue<int>());
        Assert.Equal(5, report["not_covered_lines"]!.GetValue<int>());
        Assert.Equal(100.0 / 6, report["coverage"]!.GetValue<double>(), 10);
    }

    [Fact]
    public async Task FormatJson_IsOpaTestsResultArray_AndExitsOneOnAFailure()
    {
        var result = await TestAsync("--format", "json");

        Assert.True(result.ExitCode == 1, result.ToString());
        var results = JsonNode.Parse(result.Stdout)!.AsArray();
        Assert.Equal(4, results.Count);
        var failed = ByName(results, "test_fails");
        Assert.Equal("data.fleet.admission_test", failed["package"]!.GetValue<string>());
        Assert.True(failed["fail"]!.GetValue<bool>());
        Assert.EndsWith("admission_test.rego", failed["location"]!["file"]!.GetValue<string>(), StringComparison.Ordinal);
        Assert.Equal(5, failed["location"]!["row"]!.GetValue<int>());
        Assert.True(failed["duration"]!.GetValue<long>() >= 0);
        // print() lines carry their "file:line: " prefix, as in the text report.
        Assert.Equal("admission_test.rego:6: checking\n", Encoding.UTF8.GetString(Convert.FromBase64String(failed["output"]!.GetValue<string>())));
        var passed = ByName(results, "test_pass");
        Assert.Null(passed["fail"]);
        Assert.Null(passed["skip"]);
        Assert.True(ByName(results, "todo_test_later")["skip"]!.GetValue<bool>());
    }

    [Fact]
    public async Task Run_KeepsOnlyMatchingTests_AndTheirOutcomeDecidesTheExitCode()
    {
        var passing = await TestAsync("--run", "pass$", "--format", "json");
        var exact = await TestAsync("--run", @"^data\.fleet\.admission_test\.test_fails$", "--format", "json");

        Assert.True(passing.ExitCode == 0, passing.ToString());
        var names = JsonNode.Parse(passing.Stdout)!.AsArray().Select(r => r!["name"]!.GetValue<string>()).Order(StringComparer.Ordinal);
        Assert.Equal(["test_other_pass", "test_pass"], names);
        Assert.True(exact.ExitCode == 1, exact.ToString());
        Assert.Equal("test_fails", Assert.Single(JsonNode.Parse(exact.Stdout)!.AsArray())!["name"]!.GetValue<string>());
    }

    [Fact]
    public async Task Run_BadPattern_IsAnError()
    {
        var result = await TestAsync("--run", "(");

        Assert.True(result.ExitCode == 1, result.ToString());
        Assert.Contains("--run", result.Stderr, StringComparison.Ordinal);
    }
}
