using System.CommandLine;
using System.Diagnostics;
using System.Globalization;
using GitOpsFleet.Providers;
using GitOpsFleet.Reconciler.Git;
using GitOpsFleet.Reconciler.Hosting;
using GitOpsFleet.Reconciler.Pipeline;

namespace GitOpsFleet.Reconciler.Cli;

/// <summary>
/// The whole story for a newcomer, on the embedded defaults: a fresh Git repository with the sample
/// fleet, a reconcile that starts real node processes, a node killed to cause drift, the drift pull
/// request, the heal, and every node stopped at the end (also on Ctrl-C).
/// </summary>
internal static class DemoCommand
{
    public static void AddTo(RootCommand root)
    {
        var demo = new Command("demo", "Show GitOpsFleet end to end on the sample fleet: reconcile, kill a node, see the drift pull request, heal, clean up.");
        var keep = new Option<bool>("--keep-nodes") { Description = "Leave the demo's nodes running at the end (stop them later with another 'demo' run or kill)." };
        demo.Options.Add(keep);
        demo.SetAction((parse, ct) => RunAsync(parse.GetValue(RunsCommands.HomeOf(root)), parse.GetValue(keep), Console.Out, ct));
        root.Subcommands.Add(demo);
    }

    public static async Task<int> RunAsync(string? homePath, bool keepNodes, TextWriter o, CancellationToken cancellationToken)
    {
        var clock = Stopwatch.StartNew();
        var home = StateHome.Resolve(homePath);
        var stamp = DateTime.UtcNow.ToString("yyyyMMdd-HHmmss", CultureInfo.InvariantCulture);
        var fleet = "demo-" + stamp[^6..];
        var repoDir = Path.Combine(home.Root, "demo", "fleet-repo-" + stamp);
        await using var app = await AppComposition.CreateAsync(home, cancellationToken);
        var reporter = new ConsoleRunReporter(o);
        var exit = CommandLine.Ok;
        try
        {
            Step(o, clock, 1, $"A fresh fleet repository with the sample fleet (fleet '{fleet}')");
            SampleFleet.CreateRepository(repoDir, fleet, TimeProvider.System);
            o.WriteLine($"  repo     {repoDir}");
            var target = new FleetTarget(RepositoryLocation.Parse(repoDir), null);

            Step(o, clock, 2, "Reconcile: every local node becomes a real process (pools of providers that cannot run here are skipped)");
            var first = await app.Pipeline.RunAsync(target, RunMode.Reconcile, "demo", reporter, cancellationToken);
            OutcomePrinter.Print(first, RunMode.Reconcile, o);
            if (first.Result is not (RunResults.Succeeded or RunResults.NoChanges))
            {
                o.WriteLine("The first reconcile did not succeed; see 'gitopsfleet runs show " + first.RunId + "'.");
                exit = CommandLine.Error;
                return exit;
            }

            var nodes = await ObserveLocalAsync(app, fleet, cancellationToken);
            o.WriteLine($"  nodes    {nodes.Count(n => n.State == NodeState.Running)} local node process(es) running:");
            foreach (var n in nodes.OrderBy(n => n.Name, Planning.NaturalComparer.Instance))
            {
                o.WriteLine($"           {n.Name,-22} {n.Software?.Name} {n.Software?.Version,-10} pid {n.ProviderId,-8} {n.Address}");
            }

            var victim = nodes.Where(n => n.State == NodeState.Running && n.Pool is not null && !n.Pool.Contains("validator", StringComparison.Ordinal))
                .OrderBy(n => n.Name, Planning.NaturalComparer.Instance).FirstOrDefault();
            if (victim is null || !int.TryParse(victim.ProviderId, out var pid))
            {
                o.WriteLine("No local node to kill; the demo stops here.");
                return exit;
            }
            Step(o, clock, 3, $"Kill node {victim.Name} (pid {pid}) behind GitOpsFleet's back");
            try
            {
                using var process = Process.GetProcessById(pid);
                process.Kill();
                await process.WaitForExitAsync(cancellationToken);
            }
            catch (ArgumentException)
            {
                // Already gone.
            }

            Step(o, clock, 4, "gitopsfleet drift: the dead node is drift, and a pull request is opened on the fleet repository");
            var drift = await app.Pipeline.RunAsync(target, RunMode.DriftCheck, "demo", reporter, cancellationToken);
            OutcomePrinter.Print(drift, RunMode.DriftCheck, o);
            if (drift.PullRequest is { } pr)
            {
                o.WriteLine();
                PullRequestCommands.Print([pr], withBody: true, o);
                o.WriteLine($"  The branch {pr.Branch} in {repoDir} holds reports/drift/{fleet}.md and .json.");
            }

            Step(o, clock, 5, "Heal: reconcile replaces the dead node (a failure, not a change of intent); with the drift gone, the pull request is closed");
            var heal = await app.Pipeline.RunAsync(target, RunMode.Reconcile, "demo", reporter, cancellationToken);
            OutcomePrinter.Print(heal, RunMode.Reconcile, o);

            Step(o, clock, 6, "The next run: Git and the machines agree");
            var after = await app.Pipeline.RunAsync(target, RunMode.Reconcile, "demo", reporter, cancellationToken);
            OutcomePrinter.Print(after, RunMode.Reconcile, o);
            o.WriteLine();
            o.WriteLine($"Explain any run later: gitopsfleet runs list --fleet {fleet}; gitopsfleet runs show {after.RunId}; gitopsfleet prs list --fleet {fleet}");
            return after.Result is RunResults.NoChanges or RunResults.Succeeded ? CommandLine.Ok : CommandLine.Error;
        }
        catch (OperationCanceledException)
        {
            o.WriteLine("demo cancelled");
            exit = CommandLine.Cancelled;
            return exit;
        }
        finally
        {
            if (!keepNodes)
            {
                Step(o, clock, 7, "Stop every node the demo started");
                var stopped = await app.Local.StopAllAsync(fleet, CancellationToken.None);
                o.WriteLine($"  stopped  {stopped} node process(es); demo took {clock.Elapsed.TotalSeconds:0.0}s");
            }
        }
    }

    private static async Task<IReadOnlyList<ObservedNode>> ObserveLocalAsync(AppComposition app, string fleet, CancellationToken cancellationToken) =>
        await app.Local.ObserveAsync(new FleetScope(fleet, "", null, null, []), cancellationToken);

    private static void Step(TextWriter o, Stopwatch clock, int n, string text)
    {
        o.WriteLine();
        o.WriteLine($"[{clock.Elapsed.TotalSeconds,5:0.0}s] {n}. {text}");
    }
}
