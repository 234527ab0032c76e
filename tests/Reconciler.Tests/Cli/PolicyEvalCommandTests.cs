using System.Text.Json.Nodes;
using GitOpsFleet.Reconciler.Tests.Support;

namespace GitOpsFleet.Reconciler.Tests.Cli;

/// <summary>`policy eval` as OPA users script it: --format json|raw|pretty and the --fail/--fail-defined exit codes.</summary>
public sealed class PolicyEvalCommandTests : IDisposable
{
    private readonly TempDirectory _temp = new("peval");

    public PolicyEvalCommandTests()
    {
        Directory.CreateDirectory(_temp.Combine("policies"));
        File.WriteAllText(_temp.Combine("policies", "admission.rego"), """
            package fleet.admission

            deny contains msg if {
                input.replicas > 3
                msg := "too many replicas"
            }

            owner := "platform-team"

            limits := {"max": 3}

            conflict := 1 if true

            conflict := 2 if true
            """);
        File.WriteAllText(_temp.Combine("input.json"), """{"replicas": 5}""");
    }

    public void Dispose() => _temp.Dispose();

    private Task<CliResult> EvalAsync(params string[] args) =>
        new CliRunner(_temp.Combine("home")).RunAsync(["policy", "eval", "-d", _temp.Combine("policies"), "-i", _temp.Combine("input.json"), .. args]);

    [Fact]
    public async Task DefaultFormat_IsOpaResultDocument()
    {
        var result = await EvalAsync("data.fleet.admission.owner");

        Assert.True(result.ExitCode == 0, result.ToString());
        var expression = JsonNode.Parse(result.Stdout)!["result"]![0]!["expressions"]![0]!;
        Assert.Equal("platform-team", expression["value"]!.GetValue<string>());
        Assert.Equal("data.fleet.admission.owner", expression["text"]!.GetValue<string>());
    }

    [Fact]
    public async Task FormatRaw_PrintsStringsUnquoted_AndOtherValuesAsJson()
    {
        var text = await EvalAsync("--format", "raw", "data.fleet.admission.owner");
        var obj = await EvalAsync("--format", "raw", "data.fleet.admission.limits");
        var undefined = await EvalAsync("--format", "raw", "data.fleet.admission.missing");

        Assert.True(text.ExitCode == 0, text.ToString());
        Assert.Equal("platform-team\n", text.Stdout);
        Assert.Equal("{\"max\":3}\n", obj.Stdout);
        Assert.True(undefined.ExitCode == 0, undefined.ToString());
        Assert.Equal(string.Empty, undefined.Stdout);
    }

    [Fact]
    public async Task FormatPretty_IndentsOneValue_TablesSolutions_AndSaysUndefined()
    {
        var value = await EvalAsync("-f", "pretty", "data.fleet.admission.limits");
        var table = await EvalAsync("-f", "pretty", "data.fleet.admission.deny[m]");
        var undefined = await EvalAsync("-f", "pretty", "data.fleet.admission.missing");

        Assert.True(value.ExitCode == 0, value.ToString());
        Assert.Equal("{\n  \"max\": 3\n}\n", value.Stdout);
        Assert.Contains("| m ", table.Stdout, StringComparison.Ordinal);
        Assert.Contains("\"too many replicas\"", table.Stdout, StringComparison.Ordinal);
        Assert.Equal("undefined\n", undefined.Stdout);
    }

    [Fact]
    public async Task Fail_ExitsOneOnlyWhenUndefined()
    {
        var undefined = await EvalAsync("--fail", "data.fleet.admission.missing");
        var defined = await EvalAsync("--fail", "data.fleet.admission.owner");
        var noSuchElement = await EvalAsync("--fail", "-f", "raw", "data.fleet.admission.deny[\"other\"]");

        Assert.True(undefined.ExitCode == 1, undefined.ToString());
        Assert.True(defined.ExitCode == 0, defined.ToString());
        Assert.True(noSuchElement.ExitCode == 1, noSuchElement.ToString());
    }

    [Fact]
    public async Task FailDefined_ExitsOneOnlyWhenDefined()
    {
        var defined = await EvalAsync("--fail-defined", "data.fleet.admission.deny[m]");
        var undefined = await EvalAsync("--fail-defined", "data.fleet.admission.missing");

        Assert.True(defined.ExitCode == 1, defined.ToString());
        Assert.True(undefined.ExitCode == 0, undefined.ToString());
    }

    [Fact]
    public async Task FailAndFailDefinedTogether_AreRefused()
    {
        var result = await EvalAsync("--fail", "--fail-defined", "data.fleet.admission.owner");

        Assert.True(result.ExitCode == 1, result.ToString());
        Assert.Contains("--fail-defined", result.Stderr, StringComparison.Ordinal);
    }

    [Fact]
    public async Task EvaluationError_ExitsOne_InEveryFormat_WithTheErrorOnStderrOutsideJson()
    {
        var json = await EvalAsync("data.fleet.admission.conflict");
        var raw = await EvalAsync("-f", "raw", "--fail-defined", "data.fleet.admission.conflict");

        Assert.True(json.ExitCode == 1, json.ToString());
        Assert.Equal("eval_conflict_error", JsonNode.Parse(json.Stdout)!["errors"]![0]!["code"]!.GetValue<string>());
        Assert.True(raw.ExitCode == 1, raw.ToString());
        Assert.Equal(string.Empty, raw.Stdout);
        Assert.Contains("eval_conflict_error", raw.Stderr, StringComparison.Ordinal);
    }
}
