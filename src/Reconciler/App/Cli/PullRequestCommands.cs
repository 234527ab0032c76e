using System.CommandLine;
using System.Globalization;
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
        var state = new Option<string?>("--state") { Description = "open, closed (by a reviewer), merged or resolved (closed by GitOpsFleet when the drift was gone); default: all." };
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
                    await Console.Error.WriteLineAsync($"error: --state must be open, closed, merged or resolved, got '{s}'");
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
        prs.Subcommands.Add(Review(root, "merge", "Merge a local-forge drift pull request: its branch (reports and the pool files edited to accept the drift) is merged into the fleet's branch, and the next run leaves the machines alone."));
        prs.Subcommands.Add(Review(root, "close", "Close a local-forge drift pull request without merging: the next run restores what Git says on the machines."));
        root.Subcommands.Add(prs);
    }

    private static Command Review(RootCommand root, string verb, string description)
    {
        var command = new Command(verb, description);
        var id = new Argument<long>("id") { Description = "The pull request number (from 'prs list')." };
        var repo = new Option<string?>("--repo", "-r") { Description = "The fleet repository on this machine (merge only; default: the repository the pull request was pushed to)." };
        command.Arguments.Add(id);
        if (verb == "merge") command.Options.Add(repo);
        command.SetAction(async (parse, ct) =>
        {
            await using var store = await SqliteStateStore.OpenAsync(StateHome.Resolve(parse.GetValue(RunsCommands.HomeOf(root))).DatabasePath, ct);
            var pr = (await store.ListPullRequestsAsync(null, null, ct)).FirstOrDefault(p => p.Id == parse.GetValue(id));
            if (pr is null || pr.State != PullRequestState.Open || pr.Forge != "local")
            {
                await Console.Error.WriteLineAsync($"error: no open local-forge pull request #{parse.GetValue(id)} (pull requests on GitHub, Gitea or GitLab are merged and closed there)");
                return CommandLine.Error;
            }
            if (verb == "close")
            {
                pr = await store.SavePullRequestAsync(Forges.LocalPullRequestReview.Close(pr, TimeProvider.System), ct);
                Console.WriteLine($"pull request #{pr.Id} closed without merging: the next run restores Git's state");
                return CommandLine.Ok;
            }
            var path = parse.GetValue(repo) ?? (pr.RunId is { } runId ? (await store.GetRunAsync(runId, ct))?.Repository : null);
            if (path is null || path.Contains("://", StringComparison.Ordinal) && !path.StartsWith("file://", StringComparison.Ordinal))
            {
                await Console.Error.WriteLineAsync("error: pass --repo with the fleet repository's path on this machine");
                return CommandLine.Error;
            }
            try
            {
                var sha = Forges.LocalPullRequestReview.Merge(pr, path.StartsWith("file://", StringComparison.Ordinal) ? new Uri(path).LocalPath : path, TimeProvider.System);
                var now = DateTimeOffset.UtcNow;
                pr = await store.SavePullRequestAsync(pr with { State = PullRequestState.Merged, UpdatedAt = now, ClosedAt = now }, ct);
                Console.WriteLine($"pull request #{pr.Id} merged into {pr.BaseRef} as {sha[..12]}");
                return CommandLine.Ok;
            }
            catch (Exception ex) when (ex is InvalidOperationException or LibGit2Sharp.LibGit2SharpException)
            {
                await Console.Error.WriteLineAsync($"error: {ex.Message}");
                return CommandLine.Error;
            }
        });
        return command;
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
