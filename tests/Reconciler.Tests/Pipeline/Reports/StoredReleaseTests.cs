using System.Globalization;
using System.Text.Json.Nodes;
using GitOpsFleet.Reconciler.Pipeline.Reports;
using GitOpsFleet.Reconciler.State;
using GitOpsFleet.Reconciler.Tests.Support;

namespace GitOpsFleet.Reconciler.Tests.Pipeline.Reports;

/// <summary>
/// State stores written by earlier releases (the demo of each, run with its own build; the demo's folder renamed so no
/// machine path is kept) open with today's code: the store migrates, every run reads into the typed report, and
/// `runs list` and `runs show` explain them. Each store is named after the commit that wrote it.
/// </summary>
public sealed class StoredReleaseTests
{
    private static readonly string[] StepNames = ["fetch", "load", "observe", "desired", "plan", "policy", "apply", "drift-report", "drift-pull-request"];

    public static TheoryData<string> Stores() =>
        [.. Directory.EnumerateFiles(StoreFolder(), "release-*.db").Select(Path.GetFileName).OfType<string>().Order(StringComparer.Ordinal)];

    private static string StoreFolder() => Path.Combine(RepoRoot.Find(), "tests", "Reconciler.Tests", "Pipeline", "Reports", "Stores");

    private static TempDirectory HomeWith(string store)
    {
        var home = new TempDirectory("gof-release");
        File.Copy(Path.Combine(StoreFolder(), store), home.Combine("state.db"));
        return home;
    }

    /// <summary>
    /// Today's nine steps, or (in records written before runs had typed steps) the stages that were recorded then,
    /// named as today's steps and in their order; fetch, load and observe always ran.
    /// </summary>
    private static void AssertStepsInOrder(List<string> names, string context)
    {
        Assert.True(names.Count >= 3 && names[..3].SequenceEqual(StepNames[..3]), $"{string.Join(",", names)}: {context}");
        var positions = names.Select(n => Array.IndexOf(StepNames, n)).ToList();
        Assert.True(positions.All(p => p >= 0) && positions.SequenceEqual(positions.Order()), $"{string.Join(",", names)}: {context}");
    }

    [Theory]
    [MemberData(nameof(Stores))]
    public async Task EveryRun_OfAnEarlierRelease_ReadsIntoTheTypedReport(string store)
    {
        using var home = HomeWith(store);
        await using var state = await SqliteStateStore.OpenAsync(home.Combine("state.db"), CancellationToken.None);

        var runs = await state.ListRunsAsync(null, null, 100, 0, CancellationToken.None);
        Assert.True(runs.Count >= 4, $"{store} holds {runs.Count} runs");
        var reports = new List<RunReport>();
        foreach (var summary in runs)
        {
            var report = RunReport.Read((await state.GetRunAsync(summary.Id, CancellationToken.None))!);
            Assert.Equal(summary.Id, report.RunId);
            AssertStepsInOrder(report.Steps.Select(s => s.Name).ToList(), $"{store} run {summary.Id}");
            Assert.All(report.Steps, s => Assert.Equal("continue", s.Outcome));
            Assert.NotNull(report.Plan);
            Assert.NotNull(report.Commit);
            reports.Add(report);
        }
        // The demo kills a node: one run reports it missing and opens the drift pull request, a later one repairs it.
        var drift = Assert.Single(reports, r => r.Result == "drift");
        Assert.Contains(drift.Drift!.Items, i => i.Kind == "missing");
        Assert.Equal("drift-pull-request", drift.Steps[^1].Name);
        Assert.Equal("open", drift.PullRequest!.State);
        Assert.Contains(reports, r => r.PullRequest?.State == "resolved");
        Assert.Contains(reports, r => r.Results is { Count: > 0 });
    }

    [Theory]
    [MemberData(nameof(Stores))]
    public async Task RunsListAndShow_ExplainAnEarlierReleasesRuns(string store)
    {
        using var home = HomeWith(store);
        var cli = new CliRunner(home.Path);

        var list = await cli.RunAsync("runs", "list", "--json");
        Assert.Equal(0, list.ExitCode);
        var drift = JsonNode.Parse(list.Stdout)!.AsArray().Single(r => r!["result"]!.GetValue<string>() == "drift")!;
        var id = drift["id"]!.GetValue<long>().ToString(CultureInfo.InvariantCulture);

        var json = await cli.RunAsync("runs", "show", id, "--json");
        Assert.Equal(0, json.ExitCode);
        var steps = JsonNode.Parse(json.Stdout)!["steps"]!.AsArray();
        AssertStepsInOrder(steps.Select(s => s!["name"]!.GetValue<string>()).ToList(), json.Stdout);
        Assert.All(steps, s => Assert.NotNull(s!["durationMs"]));

        var text = await cli.RunAsync("runs", "show", id);
        Assert.Equal(0, text.ExitCode);
        Assert.Contains("missing", text.Stdout, StringComparison.Ordinal);
    }
}
