using System.Text.Json.Nodes;
using GitOpsFleet.Reconciler.Tests.Support;

namespace GitOpsFleet.Reconciler.Tests.Cli;

/// <summary>--v0-compatible on `policy eval`, `policy test` and `policy check`, and a .manifest's rego_version, as in OPA 1.x.</summary>
public sealed class PolicyV0CompatibleCommandTests : IDisposable
{
    // conftest's shape, with the "in" keyword imported as v0 policies had to.
    private const string Deny = """
        package main

        import future.keywords.in

        deny[msg] {
            some c in input.containers
            endswith(c.image, ":latest")
            msg := sprintf("%s: pin the image", [c.name])
        }
        """;

    private const string DenyTest = """
        package main

        test_latest_denied {
            deny["app: pin the image"] with input as {"containers": [{"name": "app", "image": "x:latest"}]}
        }
        """;

    private readonly TempDirectory _temp = new("pv0");

    public PolicyV0CompatibleCommandTests()
    {
        Directory.CreateDirectory(_temp.Combine("policies"));
        Directory.CreateDirectory(_temp.Combine("policies", "v1only"));
        File.WriteAllText(_temp.Combine("policies", "v1only", "p.rego"), "package v1only\n\nx := 1\n");
        File.WriteAllText(_temp.Combine("policies", "deny.rego"), Deny);
        File.WriteAllText(_temp.Combine("policies", "deny_test.rego"), DenyTest);
        File.WriteAllText(_temp.Combine("input.json"), """{"containers": [{"name": "app", "image": "nginx:latest"}]}""");
    }

    public void Dispose() => _temp.Dispose();

    private Task<CliResult> RunAsync(params string[] args) => new CliRunner(_temp.Combine("home")).RunAsync(args);

    [Fact]
    public async Task Eval_WithTheFlag_EvaluatesTheV0Policy()
    {
        var result = await RunAsync("policy", "eval", "--v0-compatible", "-d", _temp.Combine("policies"), "-i", _temp.Combine("input.json"), "data.main.deny");

        Assert.True(result.ExitCode == 0, result.ToString());
        var value = JsonNode.Parse(result.Stdout)!["result"]![0]!["expressions"]![0]!["value"]!;
        Assert.Equal("""["app: pin the image"]""", value.ToJsonString());
    }

    [Fact]
    public async Task Eval_WithoutTheFlag_IsALocatedParseError()
    {
        var result = await RunAsync("policy", "eval", "-d", _temp.Combine("policies"), "-i", _temp.Combine("input.json"), "data.main.deny");

        Assert.Equal(1, result.ExitCode);
        Assert.Contains("deny.rego:5:", result.Stderr, StringComparison.Ordinal);
        Assert.Contains("rego_parse_error", result.Stderr, StringComparison.Ordinal);
        Assert.Contains("--v0-compatible", result.Stderr, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Test_WithTheFlag_RunsTheV0Tests()
    {
        var result = await RunAsync("policy", "test", "--v0-compatible", _temp.Combine("policies"));

        Assert.True(result.ExitCode == 0, result.ToString());
        Assert.Contains("PASS: 1/1", result.Stdout, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Check_WithAndWithoutTheFlag()
    {
        var v0 = await RunAsync("policy", "check", "--v0-compatible", _temp.Combine("policies"));
        var v1 = await RunAsync("policy", "check", _temp.Combine("policies"));

        Assert.True(v0.ExitCode == 0, v0.ToString());
        Assert.Equal(1, v1.ExitCode);
        Assert.Contains("deny.rego:5:", v1.Stderr, StringComparison.Ordinal);
        Assert.Contains("deny_test.rego:3:", v1.Stderr, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Manifest_SetsTheVersionWithoutTheFlag_AndPerFileOverridesWin()
    {
        File.WriteAllText(_temp.Combine("policies", ".manifest"), """{"rego_version": 0, "file_rego_versions": {"/v1/*.rego": 1}}""");
        Directory.CreateDirectory(_temp.Combine("policies", "v1"));
        File.WriteAllText(_temp.Combine("policies", "v1", "warn.rego"), "package main\n\nwarn contains \"v1\" if true\n");

        var check = await RunAsync("policy", "check", _temp.Combine("policies"));
        var test = await RunAsync("policy", "test", _temp.Combine("policies"));
        var eval = await RunAsync("policy", "eval", "--format", "raw", "-d", _temp.Combine("policies"), "data.main.warn");

        Assert.True(check.ExitCode == 0, check.ToString());
        Assert.True(test.ExitCode == 0, test.ToString());
        Assert.True(eval.ExitCode == 0, eval.ToString());
        Assert.Equal("[\"v1\"]\n", eval.Stdout);
    }

    [Fact]
    public async Task Eval_WithTheFlag_ReadsTheQueryAsV0Too()
    {
        // As OPA 1.x: --v0-compatible parses the query as v0, so it may call what v1 removed and has no "in" keyword.
        var v0 = await RunAsync("policy", "eval", "--v0-compatible", "--format", "raw", "-d", _temp.Combine("policies"), "re_match(\"^a+$\", \"aa\")");
        var v0In = await RunAsync("policy", "eval", "--v0-compatible", "-d", _temp.Combine("policies"), "1 in [1]");
        var v1 = await RunAsync("policy", "eval", "--format", "raw", "-d", _temp.Combine("policies", "v1only"), "re_match(\"^a+$\", \"aa\")");

        Assert.True(v0.ExitCode == 0, v0.ToString());
        Assert.Equal("true\n", v0.Stdout);
        Assert.Equal(1, v0In.ExitCode);
        Assert.Contains("rego_parse_error", v0In.ToString(), StringComparison.Ordinal);
        Assert.Equal(1, v1.ExitCode);
        Assert.Contains("re_match", v1.ToString(), StringComparison.Ordinal);
    }
}
