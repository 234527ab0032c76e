using System.Text.Json.Nodes;
using GitOpsFleet.Reconciler.Tests.Support;

namespace GitOpsFleet.Reconciler.Tests.Cli;

/// <summary>`policy report`: the decision log of a period, counted per rule, from real runs of a real repository.</summary>
public sealed class PolicyReportCommandTests : FleetTestBase
{
    private const string AdmissionPolicy = """
        package fleet.admission

        import rego.v1

        deny contains {"msg": sprintf("geth %s is not approved", [pool.software.version]), "pool": pool.name} if {
        	some pool in input.fleet.pools
        	pool.software.name == "geth"
        	pool.software.version != "1.16.7"
        }

        warn contains "=HYPERLINK(\"x\"), a warning that reads like a formula" if {
        	some pool in input.fleet.pools
        	pool.software.name == "kubo"
        }
        """;

    [Fact]
    public async Task AfterAnAllowAndADeny_EachRuleCountsBoth_WithRunsAndCommits()
    {
        var allowedCommit = _repo.Write("policies/fleet/admission.rego", AdmissionPolicy).Commit("policy");
        var allowed = await _cli.RunAsync("plan", "--repo", _repo.Path);
        Assert.True(allowed.ExitCode is 0 or 2, allowed.ToString());
        var deniedCommit = _repo.Write("pools/rpc.yaml", PoolYaml("rpc", "geth", "1.16.8", 2)).Commit("bump geth");
        var denied = await _cli.RunAsync("plan", "--repo", _repo.Path);
        Assert.True(denied.ExitCode == 1, denied.ToString());

        var today = DateTimeOffset.UtcNow.ToString("yyyy-MM-dd");
        var json = await _cli.RunAsync("policy", "report", "--since", today, "--fleet", _fleet);
        Assert.True(json.ExitCode == 0, json.ToString());
        var evidence = JsonNode.Parse(json.Stdout)!;
        Assert.Equal(2, (int)evidence["runs"]!);
        Assert.Equal(2, (int)evidence["runsEvaluated"]!);

        var deny = Rule(evidence, "data.fleet.admission.deny");
        Assert.Equal(1, (int)deny["allowed"]!);
        Assert.Equal(1, (int)deny["denied"]!);
        Assert.Equal(0, (int)deny["warned"]!);
        Assert.Equal("policies/fleet/admission.rego", (string?)deny["file"]);
        var runs = deny["runs"]!.AsArray();
        Assert.Equal(["allow", "deny"], runs.Select(r => (string)r!["verdict"]!));
        Assert.Equal(allowedCommit, (string?)runs[0]!["commit"]);
        Assert.Equal(deniedCommit, (string?)runs[1]!["commit"]);
        Assert.Contains("geth 1.16.8 is not approved", runs[1]!["messages"]![0]!.GetValue<string>(), StringComparison.Ordinal);

        var warn = Rule(evidence, "data.fleet.admission.warn");
        Assert.Equal(2, (int)warn["warned"]!);
        // The plan stage has no package in this repository: its rules were queried and produced nothing.
        var planDeny = Rule(evidence, "data.fleet.plan.deny");
        Assert.Equal(2, (int)planDeny["allowed"]!);

        var csv = await _cli.RunAsync("policy", "report", "--since", today, "--fleet", _fleet, "--format", "csv");
        Assert.True(csv.ExitCode == 0, csv.ToString());
        var lines = csv.Stdout.Split("\r\n", StringSplitOptions.RemoveEmptyEntries);
        Assert.Equal("record,rule,stage,file,verdict,run,fleet,commit,at,by,fingerprint,message", lines[0]);
        Assert.Single(lines, l => l.StartsWith("rule,data.fleet.admission.deny,admission,policies/fleet/admission.rego,deny,", StringComparison.Ordinal));
        // A message from the repository that a spreadsheet would run as a formula is neutralised and quoted.
        Assert.Contains(lines, l => l.EndsWith(",\"'=HYPERLINK(\"\"x\"\"), a warning that reads like a formula\"", StringComparison.Ordinal));
    }

    [Fact]
    public async Task APeriodBeforeTheRuns_IsEmpty_AndBadDatesAreRefused()
    {
        Assert.True((await _cli.RunAsync("plan", "--repo", _repo.Path)).ExitCode is 0 or 2);

        var empty = await _cli.RunAsync("policy", "report", "--since", "2020-01-01", "--until", "2020-04-01");
        Assert.True(empty.ExitCode == 0, empty.ToString());
        var evidence = JsonNode.Parse(empty.Stdout)!;
        Assert.Equal(0, (int)evidence["runs"]!);
        Assert.Empty(evidence["rules"]!.AsArray());

        var bad = await _cli.RunAsync("policy", "report", "--since", "last tuesday");
        Assert.Equal(1, bad.ExitCode);
        Assert.Contains("--since: 'last tuesday' is not a date", bad.Stderr, StringComparison.Ordinal);
        var backwards = await _cli.RunAsync("policy", "report", "--since", "2026-10-01", "--until", "2026-07-01");
        Assert.Equal(1, backwards.ExitCode);
        Assert.Contains("must be after --since", backwards.Stderr, StringComparison.Ordinal);
    }

    private static JsonNode Rule(JsonNode evidence, string name) =>
        evidence["rules"]!.AsArray().Single(r => (string?)r!["rule"] == name)!;
}
