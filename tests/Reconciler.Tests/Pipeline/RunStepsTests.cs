using System.Text.Json.Nodes;
using GitOpsFleet.Reconciler.State;
using GitOpsFleet.Reconciler.Tests.Support;

namespace GitOpsFleet.Reconciler.Tests.Pipeline;

/// <summary>The steps of real runs, as `runs show --json` gives them: a denied plan stalls, an unreachable source retries.</summary>
public sealed class RunStepsTests : FleetTestBase
{
    private static readonly string[] StepNames = ["fetch", "load", "observe", "desired", "plan", "policy", "apply", "drift-report", "drift-pull-request"];

    private async Task<RunRecord> LatestRunAsync(string? fleet, string? result)
    {
        await using var store = await SqliteStateStore.OpenAsync(Path.Combine(_cli.Home, "state.db"), CancellationToken.None);
        var runs = await store.ListRunsAsync(fleet, result, 1, 0, CancellationToken.None);
        return Assert.Single(runs);
    }

    private async Task<JsonArray> StepsShownAsync(long runId)
    {
        var shown = await _cli.RunAsync("runs", "show", runId.ToString(System.Globalization.CultureInfo.InvariantCulture), "--json");
        Assert.True(shown.ExitCode == 0, shown.ToString());
        return JsonNode.Parse(shown.Stdout)!["steps"]!.AsArray();
    }

    [Fact]
    public async Task DeniedPlan_StallsAtPolicy_AndNothingAfterItRuns()
    {
        _repo.Write("policies/fleet/admission.rego", """
            package fleet.admission

            import rego.v1

            deny contains "no ipfs pool is approved" if {
            	some pool in input.fleet.pools
            	pool.name == "ipfs"
            }
            """).Commit("deny ipfs");
        var run = await _cli.RunAsync("reconcile", "--once", "--repo", _repo.Path);
        Assert.True(run.ExitCode == 1, run.ToString());
        Assert.Empty(NodeProcesses.OfFleet(_fleet));

        var record = await LatestRunAsync(_fleet, "denied");
        var steps = await StepsShownAsync(record.Id);
        Assert.Equal(StepNames, steps.Select(s => s!["name"]!.GetValue<string>()));
        var policy = steps[5]!;
        Assert.Equal("stalled", policy["outcome"]!.GetValue<string>());
        Assert.Equal("deny", policy["status"]!.GetValue<string>());
        Assert.Equal("denied", policy["result"]!.GetValue<string>());
        Assert.Contains("no ipfs pool is approved", policy["message"]!.GetValue<string>(), StringComparison.Ordinal);
        Assert.All(steps.Take(5), s => Assert.Equal("continue", s!["outcome"]!.GetValue<string>()));
        Assert.All(steps.Skip(6), s => Assert.Equal("skipped", s!["outcome"]!.GetValue<string>()));
        Assert.All(steps, s => Assert.True(s!["durationMs"]!.GetValue<double>() >= 0));
    }

    [Fact]
    public async Task UnreachableSource_IsRetry_WithADelay_AndTheFleetIsNotReadAsEmpty()
    {
        var missing = "http://127.0.0.1:9/" + _fleet + ".git";
        var run = await _cli.RunAsync("reconcile", "--once", "--repo", missing);
        Assert.True(run.ExitCode != 0, run.ToString());

        var record = await LatestRunAsync(null, "unreachable");
        var steps = await StepsShownAsync(record.Id);
        Assert.Equal(StepNames, steps.Select(s => s!["name"]!.GetValue<string>()));
        Assert.Equal("retry", steps[0]!["outcome"]!.GetValue<string>());
        Assert.True(steps[0]!["retryAfterSeconds"]!.GetValue<double>() > 0);
        Assert.All(steps.Skip(1), s => Assert.Equal("skipped", s!["outcome"]!.GetValue<string>()));
        Assert.Null(record.Document["plan"]);
    }

    [Fact]
    public async Task SucceededRun_EveryStepContinues()
    {
        var run = await _cli.RunAsync("reconcile", "--once", "--repo", _repo.Path);
        Assert.True(run.ExitCode == 0, run.ToString());
        var steps = await StepsShownAsync((await LatestRunAsync(_fleet, "succeeded")).Id);
        Assert.Equal(StepNames, steps.Select(s => s!["name"]!.GetValue<string>()));
        Assert.All(steps, s => Assert.Equal("continue", s!["outcome"]!.GetValue<string>()));
        Assert.Equal("ok", steps[6]!["status"]!.GetValue<string>());
    }

    [Fact]
    public async Task AnUnchangedPlan_AccountsForItsWallTime_StartUpAndEveryPartOutsideTheSteps()
    {
        Assert.Equal(0, (await _cli.RunAsync("reconcile", "--once", "--repo", _repo.Path)).ExitCode);
        Assert.Equal(0, (await _cli.RunAsync("plan", "--repo", _repo.Path)).ExitCode);

        var record = await LatestRunAsync(_fleet, "planned");
        var shown = await _cli.RunAsync("runs", "show", record.Id.ToString(System.Globalization.CultureInfo.InvariantCulture), "--json");
        var document = JsonNode.Parse(shown.Stdout)!;
        var timing = document["timing"]!;
        double Ms(string key) => timing[key]!.GetValue<double>();
        Assert.True(Ms("startupMs") > 0, shown.Stdout);
        var steps = document["steps"]!.AsArray().Sum(s => s!["durationMs"]!.GetValue<double>());
        // The steps' own durations add up to the steps' span, give or take the loop's bookkeeping (and, on a loaded
        // machine, the thread waiting for a core between two steps: CI saw 54 ms of 1.4 s).
        Assert.InRange(Ms("stepsMs"), steps - 1, steps * 1.1 + 50);
        var accounted = Ms("lockMs") + Ms("openMs") + Ms("stepsMs") + Ms("closeMs");
        var wall = record.Duration!.Value.TotalMilliseconds + Ms("lockMs");
        Assert.True(accounted <= wall + 5 && accounted >= wall * 0.9 - 5, $"{accounted} ms accounted for of {wall} ms: {timing}");
        Assert.Contains("time: start-up", (await _cli.RunAsync("runs", "show", record.Id.ToString(System.Globalization.CultureInfo.InvariantCulture))).Stdout, StringComparison.Ordinal);
    }
}
