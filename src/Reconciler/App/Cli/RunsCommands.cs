using System.CommandLine;
using System.Globalization;
using System.Text.Json;
using System.Text.Json.Nodes;
using GitOpsFleet.Reconciler.Pipeline;
using GitOpsFleet.Reconciler.Pipeline.Reports;
using GitOpsFleet.Reconciler.State;

namespace GitOpsFleet.Reconciler.Cli;

/// <summary>runs list, runs show: every run is recorded and can be explained after the fact.</summary>
internal static class RunsCommands
{
    public static void AddTo(RootCommand root)
    {
        var runs = new Command("runs", "List and explain recorded runs.");
        var list = new Command("list", "List runs, newest first.");
        var fleet = new Option<string?>("--fleet") { Description = "Only runs of this fleet." };
        var result = new Option<string?>("--result") { Description = "Only runs with this result (succeeded, no-changes, planned, drift, failed, invalid, unreachable, ref-missing, refused, denied, cancelled, interrupted)." };
        var limit = new Option<int>("--limit") { Description = "How many runs to show.", DefaultValueFactory = _ => 20 };
        list.Options.Add(fleet);
        list.Options.Add(result);
        list.Options.Add(limit);
        var listJson = new Option<bool>("--json") { Description = "Print the runs as a JSON array of summaries (for scripts)." };
        list.Options.Add(listJson);
        list.SetAction(async (parse, ct) =>
        {
            await using var store = await SqliteStateStore.OpenAsync(StateHome.Resolve(parse.GetValue(HomeOf(root))).DatabasePath, ct);
            var items = await store.ListRunsAsync(parse.GetValue(fleet), parse.GetValue(result), parse.GetValue(limit), 0, ct);
            if (parse.GetValue(listJson))
            {
                // An empty list is still an array: scripts parse the output without a special case.
                Console.WriteLine(new JsonArray(items.Select(Summary).ToArray()).ToJsonString(new JsonSerializerOptions { WriteIndented = true }));
                return CommandLine.Ok;
            }
            if (items.Count == 0)
            {
                Console.WriteLine("no runs recorded");
                return CommandLine.Ok;
            }
            Console.WriteLine($"{"ID",5}  {"STARTED (UTC)",-19}  {"FLEET",-16}  {"COMMIT",-12}  {"RESULT",-16}  {"OUTCOME",-8}  {"DURATION",9}  SUMMARY");
            foreach (var r in items)
            {
                var duration = r.Duration is { } d ? $"{d.TotalSeconds:0.0}s" : "-";
                Console.WriteLine($"{r.Id,5}  {r.StartedAt.UtcDateTime.ToString("yyyy-MM-dd HH:mm:ss", CultureInfo.InvariantCulture),-19}  {Trim(r.Fleet, 16),-16}  {(r.Commit is { } c ? c[..12] : "-"),-12}  {r.Result,-16}  {RunDispositions.Of(r.Result).Word(),-8}  {duration,9}  {r.Summary}");
            }
            return CommandLine.Ok;
        });
        var show = new Command("show", "Explain one run: commit, every stage's output, plan, results, drift and pull request.");
        var id = new Argument<long>("id") { Description = "The run id (from 'runs list')." };
        var json = new Option<bool>("--json") { Description = "Print the full run record as JSON." };
        show.Arguments.Add(id);
        show.Options.Add(json);
        show.SetAction(async (parse, ct) =>
        {
            await using var store = await SqliteStateStore.OpenAsync(StateHome.Resolve(parse.GetValue(HomeOf(root))).DatabasePath, ct);
            var run = await store.GetRunAsync(parse.GetValue(id), ct);
            if (run is null)
            {
                await Console.Error.WriteLineAsync($"error: no run with id {parse.GetValue(id)}");
                return CommandLine.Error;
            }
            if (parse.GetValue(json))
            {
                // Through the typed report: a record of an older release prints with today's keys (steps, not stages).
                Console.WriteLine(RunReport.Read(run).ToDocument().ToJsonString(new JsonSerializerOptions { WriteIndented = true }));
                return CommandLine.Ok;
            }
            RunPrinter.Print(run, Console.Out);
            return CommandLine.Ok;
        });
        runs.Subcommands.Add(list);
        runs.Subcommands.Add(show);
        root.Subcommands.Add(runs);
    }

    private static JsonNode Summary(RunRecord r) => new JsonObject
    {
        ["id"] = r.Id,
        ["fleet"] = r.Fleet,
        ["commit"] = r.Commit,
        ["result"] = r.Result,
        ["outcome"] = RunDispositions.Of(r.Result).Word(),
        ["started"] = r.StartedAt.UtcDateTime.ToString("O", CultureInfo.InvariantCulture),
        ["durationSeconds"] = r.Duration is { } d ? Math.Round(d.TotalSeconds, 3) : null,
        ["trigger"] = string.IsNullOrEmpty(r.Trigger) ? null : r.Trigger,
        ["summary"] = r.Summary,
    };

    internal static Option<string?> HomeOf(RootCommand root) => (Option<string?>)root.Options.First(o => o.Name == "--home");

    private static string Trim(string s, int n) => s.Length <= n ? s : "…" + s[^(n - 1)..];
}
