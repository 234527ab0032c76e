using System.CommandLine;
using System.Diagnostics;
using System.Globalization;
using GitOpsFleet.Loading;
using GitOpsFleet.Providers;
using GitOpsFleet.Reconciler.Git;
using GitOpsFleet.Reconciler.Hosting;
using GitOpsFleet.Reconciler.Pipeline;
using GitOpsFleet.Reconciler.State;

namespace GitOpsFleet.Reconciler.Cli;

/// <summary>
/// The whole story for a newcomer, on the embedded defaults: a fresh Git repository with the sample fleet,
/// a reconcile that starts real node processes, then five short stories (a node killed, a commit policy
/// denies, the scaling script's decision, a validator replaced on approval, a node changed by hand), and every node stopped at the end (also
/// on Ctrl-C). Each story prints only what it shows; <c>--verbose</c> adds every stage of every run.
/// </summary>
internal static partial class DemoCommand
{
    public static void AddTo(RootCommand root)
    {
        var demo = new Command("demo", "Show GitOpsFleet end to end on the sample fleet: reconcile, then a killed node, a denied commit, a scaling decision, an approved validator replacement and a node changed by hand; everything stopped at the end.");
        var keep = new Option<bool>("--keep-nodes") { Description = "Leave the demo's nodes running at the end (stop them later with another 'demo' run or kill)." };
        var verbose = new Option<bool>("--verbose") { Description = "Print every stage of every run, and unavailable providers' full explanations." };
        var ansible = new Option<bool>("--ansible") { Description = "Also reconcile the sample's bare-metal pool through Ansible, when it is installed (every run then waits for an ansible-playbook check)." };
        demo.Options.Add(keep);
        demo.Options.Add(verbose);
        demo.Options.Add(ansible);
        demo.SetAction((parse, ct) => RunAsync(parse.GetValue(RunsCommands.HomeOf(root)), parse.GetValue(keep), parse.GetValue(verbose), Console.Out, TimeProvider.System, ct,
            withAnsible: parse.GetValue(ansible)));
        root.Subcommands.Add(demo);
    }

    public static async Task<int> RunAsync(string? homePath, bool keepNodes, bool verbose, TextWriter o, TimeProvider time, CancellationToken cancellationToken,
        bool withAnsible = false)
    {
        var clock = Stopwatch.StartNew();
        var home = StateHome.Resolve(homePath);
        var stamp = DateTime.UtcNow.ToString("yyyyMMdd-HHmmss", CultureInfo.InvariantCulture);
        var fleet = "demo-" + stamp[^6..];
        var repoDir = Path.Combine(home.Root, "demo", "fleet-repo-" + stamp);
        // An Ansible check of the bare-metal pool costs seconds on every run, and the demo's stories do not need it.
        IInfrastructureProvider[] leftOut = withAnsible ? [] : [new LeftOutOfDemo("ansible", "left out of the demo to keep it short (demo --ansible includes it)")];
        leftOut = [.. leftOut, .. DemoClients.LocalProvider(home)];
        await using var app = await AppComposition.CreateAsync(home, null, leftOut, time, cancellationToken);
        var demo = new DemoRun(app, o, verbose, clock, fleet, repoDir);
        try
        {
            o.WriteLine($"GitOpsFleet demo: fleet '{fleet}' from the sample fleet, in a fresh Git repository at {repoDir}");
            SampleFleet.CreateRepository(repoDir, fleet, time);
            demo.Target = new FleetTarget(RepositoryLocation.Parse(repoDir), null);
            using (var snapshot = await app.Git.FetchAsync(demo.Target.Location, null, cancellationToken))
            {
                demo.Spec = new FleetLoader().Load(snapshot).Fleet;
            }

            demo.Step("Reconcile: every local node becomes a real process");
            await DemoClients.ExplainMissingAsync(demo, app.Providers, cancellationToken);
            var first = await demo.RunAsync(RunMode.Reconcile, cancellationToken);
            if (first.Result is not (RunResults.Succeeded or RunResults.NoChanges))
            {
                o.WriteLine($"The first reconcile did not succeed; see 'gitopsfleet runs show {first.RunId}'.");
                return CommandLine.Error;
            }
            await PrintNodesAsync(demo, cancellationToken);

            var ok = await KilledNodeAsync(demo, cancellationToken)
                && await DeniedCommitAsync(demo, cancellationToken)
                && await ScalingDecisionAsync(demo, cancellationToken)
                && await ApprovedReplacementAsync(demo, time, cancellationToken)
                && await ChangedByHandAsync(demo, cancellationToken);

            o.WriteLine();
            o.WriteLine($"Explain any run later: gitopsfleet runs list --fleet {fleet}; gitopsfleet runs show {demo.LastRunId}; gitopsfleet prs list --fleet {fleet}");
            return ok ? CommandLine.Ok : CommandLine.Error;
        }
        catch (OperationCanceledException)
        {
            o.WriteLine("demo cancelled");
            return CommandLine.Cancelled;
        }
        finally
        {
            if (!keepNodes)
            {
                var stopped = await app.Local.StopAllAsync(fleet, CancellationToken.None);
                o.WriteLine($"Stopped the {stopped} node process(es) the demo started; the demo took {clock.Elapsed.TotalSeconds:0.0}s.");
            }
        }
    }

    private static async Task PrintNodesAsync(DemoRun demo, CancellationToken cancellationToken)
    {
        var nodes = (await demo.ObserveLocalAsync(cancellationToken)).Where(n => n.State == NodeState.Running)
            .OrderBy(n => n.Name, Planning.NaturalComparer.Instance).Select(n => $"{n.Name} ({n.Software?.Name} {n.Software?.Version})").ToList();
        // Two nodes a line: the list stays readable without costing a line per node.
        demo.Line("nodes", $"{nodes.Count} local node process(es) running:");
        for (var i = 0; i < nodes.Count; i += 2) demo.Line("", string.Join(", ", nodes.Skip(i).Take(2)));
    }
}
