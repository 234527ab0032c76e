using System.Text.Json.Nodes;
using GitOpsFleet.Reconciler.Tests.Support;

namespace GitOpsFleet.Reconciler.Tests.Cli;

/// <summary>`runs list --json` as a script reads it: one parsable array of run summaries.</summary>
public sealed class RunsListJsonTests : FleetTestBase
{
    [Fact]
    public async Task Json_IsAnArrayOfSummaries_NewestFirst()
    {
        Assert.Equal(2, (await _cli.RunAsync("plan", "--repo", _repo.Path)).ExitCode);
        Assert.Equal(2, (await _cli.RunAsync("plan", "--repo", _repo.Path)).ExitCode);

        var list = await _cli.RunAsync("runs", "list", "--fleet", _fleet, "--json");

        Assert.True(list.ExitCode == 0, list.ToString());
        var runs = JsonNode.Parse(list.Stdout)!.AsArray();
        Assert.Equal(2, runs.Count);
        Assert.True(runs[0]!["id"]!.GetValue<long>() > runs[1]!["id"]!.GetValue<long>());
        foreach (var run in runs.Select(r => r!.AsObject()))
        {
            Assert.Equal(_fleet, run["fleet"]!.GetValue<string>());
            Assert.Equal(40, run["commit"]!.GetValue<string>().Length);
            Assert.Equal("planned", run["result"]!.GetValue<string>());
            Assert.True(DateTimeOffset.TryParse(run["started"]!.GetValue<string>(), System.Globalization.CultureInfo.InvariantCulture, out _));
            Assert.True(run["durationSeconds"]!.GetValue<double>() >= 0);
            Assert.False(string.IsNullOrEmpty(run["trigger"]?.GetValue<string>()));
        }
    }

    [Fact]
    public async Task Json_WithNoRuns_IsAnEmptyArray()
    {
        var list = await _cli.RunAsync("runs", "list", "--fleet", "nothing-here", "--json");

        Assert.True(list.ExitCode == 0, list.ToString());
        Assert.Empty(JsonNode.Parse(list.Stdout)!.AsArray());
    }
}
