using System.CommandLine;
using System.Globalization;
using GitOpsFleet.Reconciler.Hosting;
using GitOpsFleet.Reconciler.State;

namespace GitOpsFleet.Reconciler.Cli;

/// <summary>prs list: the drift pull requests the service opened.</summary>
internal static class PullRequestCommands
{
    public static void AddTo(RootCommand root)
    {
        var prs = new Command("prs", "Drift pull requests.");
        var list = new Command("list", "List drift pull requests, newest first.");
        var fleet = new Option<string?>("--fleet") { Description = "Only this fleet's pull requests." };
        var state = new Option<string?>("--state") { Description = "open, closed or merged (default: all)." };
        var body = new Option<bool>("--body") { Description = "Also print each pull request's body (the drift report)." };
        list.Options.Add(fleet);
        list.Options.Add(state);
        list.Options.Add(body);
        list.SetAction(async (parse, ct) =>
        {
            PullRequestState? wanted = null;
            if (parse.GetValue(state) is { } s)
            {
                if (!Enum.TryParse<PullRequestState>(s, ignoreCase: true, out var parsed))
                {
                    await Console.Error.WriteLineAsync($"error: --state must be open, closed or merged, got '{s}'");
                    return CommandLine.Error;
                }
                wanted = parsed;
            }
            await using var store = await SqliteStateStore.OpenAsync(StateHome.Resolve(parse.GetValue(RunsCommands.HomeOf(root))).DatabasePath, ct);
            var items = await store.ListPullRequestsAsync(parse.GetValue(fleet), wanted, ct);
            if (items.Count == 0)
            {
                Console.WriteLine("no pull requests");
                return CommandLine.Ok;
            }
            Print(items, parse.GetValue(body), Console.Out);
            return CommandLine.Ok;
        });
        prs.Subcommands.Add(list);
        root.Subcommands.Add(prs);
    }

    public static void Print(IEnumerable<PullRequestRecord> items, bool withBody, TextWriter o)
    {
        o.WriteLine($"{"#",4}  {"STATE",-7}  {"FLEET",-14}  {"BRANCH",-34}  {"RUN",4}  {"UPDATED (UTC)",-16}  TITLE");
        foreach (var pr in items)
        {
            o.WriteLine($"{pr.Id,4}  {pr.State.ToString().ToLowerInvariant(),-7}  {pr.Fleet,-14}  {pr.Branch,-34}  {pr.RunId,4}  {pr.UpdatedAt.UtcDateTime.ToString("yyyy-MM-dd HH:mm", CultureInfo.InvariantCulture),-16}  {pr.Title}");
            if (withBody) o.WriteLine(string.Join("\n", pr.Body.Split('\n').Select(l => "      " + l)));
        }
    }
}
