using System.Diagnostics;
using System.Globalization;
using GitOpsFleet.Providers;
using GitOpsFleet.Providers.Local;
using GitOpsFleet.Reconciler.Pipeline;
using GitOpsFleet.Reconciler.State;
using GitOpsFleet.Scripting;
using GitOpsFleet.Scripting.Metrics;

namespace GitOpsFleet.Reconciler.Cli;

/// <summary>The demo's stories, each on the fleet the first reconcile started; each returns false to end the demo.</summary>
internal static partial class DemoCommand
{
    private const string RpcPool = "eth-rpc";
    private const string IpfsPool = "ipfs-gateway";

    /// <summary>Story: a node dies behind GitOpsFleet's back; drift opens a pull request, and the next reconcile heals it.</summary>
    private static async Task<bool> KilledNodeAsync(DemoRun demo, CancellationToken cancellationToken)
    {
        var nodes = await demo.ObserveLocalAsync(cancellationToken);
        var victim = nodes.Where(n => n.State == NodeState.Running && n.Pool == "erpc-gateway").FirstOrDefault()
            ?? nodes.Where(n => n.State == NodeState.Running && n.Pool is not null && !n.Pool.Contains("validator", StringComparison.Ordinal)).FirstOrDefault();
        if (victim is null || !int.TryParse(victim.ProviderId, out var pid))
        {
            demo.Output.WriteLine("No local node to kill; the demo stops here.");
            return false;
        }
        demo.Step($"Story 1, a node killed: {victim.Name} dies behind GitOpsFleet's back; drift opens a pull request");
        Kill(pid);
        demo.Line("kill", $"{victim.Name} (pid {pid}) killed");
        var drift = await demo.RunAsync(RunMode.DriftCheck, cancellationToken);
        PrintDrift(demo, drift);
        var heal = await demo.RunAsync(RunMode.Reconcile, cancellationToken);
        demo.Line("heal", $"the reconcile replaced {victim.Name} (a failure, not a change of intent){(heal.PullRequest is { State: PullRequestState.Open } pr
            ? $"; pull request #{pr.Id} now reports it replaced and is closed by the next run that finds no drift"
            : heal.PullRequest is { } closed ? $"; pull request #{closed.Id} is {closed.State.ToString().ToLowerInvariant()}" : "")}");
        return heal.Result is RunResults.Succeeded or RunResults.NoChanges;
    }

    /// <summary>Story: a commit that admission policy denies changes nothing; reverting it brings the fleet back to agreement.</summary>
    private static async Task<bool> DeniedCommitAsync(DemoRun demo, CancellationToken cancellationToken)
    {
        demo.Step("Story 2, a commit policy denies: geth 1.17.0 on eth-rpc is not an approved version");
        var file = $"pools/{RpcPool}.yaml";
        var commit = DemoRepository.CommitEdit(demo.RepoDir, file, "version: 1.16.7", "version: 1.17.0", "Bump geth to 1.17.0 on eth-rpc");
        demo.Line("commit", $"{commit} \"Bump geth to 1.17.0 on eth-rpc\" ({file})");
        var denied = await demo.RunAsync(RunMode.Reconcile, cancellationToken);
        if (denied.Result != RunResults.Denied) return false;
        var denials = (denied.Report?.Decisions?.Deny ?? []).Select(d => d.ToString()).ToList();
        foreach (var denial in denials.Where(d => d.Contains(RpcPool, StringComparison.Ordinal)).Take(2))
        {
            // "stage: message (rule R in FILE)": the message on one line, where it came from on the next.
            var origin = denial.LastIndexOf(" (rule ", StringComparison.Ordinal);
            demo.Line("denied", origin > 0 ? denial[..origin] : denial);
            if (origin > 0) demo.Line("", "by " + denial[(origin + 2)..^1]);
        }
        var revert = DemoRepository.RevertLast(demo.RepoDir);
        demo.Line("revert", $"{revert} reverts {commit}");
        var after = await demo.RunAsync(RunMode.Reconcile, cancellationToken);
        return after.Result is RunResults.NoChanges or RunResults.Succeeded;
    }

    /// <summary>
    /// Story: the pool's scaling script, run as the service runs it, on the metrics the eth-rpc nodes serve under
    /// simulated load. The service applies its answer at the pool's next evaluation (scaling.every).
    /// </summary>
    private static async Task<bool> ScalingDecisionAsync(DemoRun demo, CancellationToken cancellationToken)
    {
        if (demo.Spec?.Pools.FirstOrDefault(p => p.Name == RpcPool) is not { Scaling: { } scaling } pool) return true;
        const double load = 420;
        demo.Step($"Story 3, the scaling script: {RpcPool} takes {load:0} requests/s; {scaling.Script} reads the nodes' metrics and decides");
        demo.App.Local.SetPoolLoad(demo.Fleet, RpcPool, new SimulatedLoad(Rps: load));
        var nodes = (await demo.ObserveLocalAsync(cancellationToken)).Where(n => n.Pool == RpcPool && n.State == NodeState.Running && n.Address is not null).ToList();
        using var http = new HttpClient { Timeout = TimeSpan.FromSeconds(5) };
        var metrics = new NodeMetricsSource(http, nodes.Select(n => new Uri(new Uri(n.Address!), "metrics")).ToList(), TimeProvider.System, minScrapeInterval: TimeSpan.FromSeconds(1));
        // rate() needs two scrapes before the evaluation's time; the service has them from its earlier
        // evaluations, the demo takes them now.
        for (var i = 0; i < 2; i++)
        {
            if (i > 0) await Task.Delay(TimeSpan.FromSeconds(1.5), cancellationToken);
            await metrics.QueryAsync("up", DateTimeOffset.UtcNow, cancellationToken);
        }
        var source = File.ReadAllText(Path.Combine(demo.RepoDir, scaling.Script));
        var evaluation = await demo.App.Scripts.EvaluateAsync(new ScalingScriptRequest(scaling.Script, source, pool, nodes.Count, metrics), cancellationToken);
        foreach (var q in evaluation.Inputs.Queries)
        {
            // A bare selector is a QueryAll: its record holds how many series answered, not a value.
            var value = q.Result is { } v ? v.ToString("0.##", CultureInfo.InvariantCulture) + (q.Query.Contains('(', StringComparison.Ordinal) ? "" : " series") : q.Error ?? "no data";
            demo.Line("read", $"{q.Query}{(q.Window is { } w ? $" over {w.TotalMinutes:0}m" : "")} = {value}");
        }
        foreach (var line in evaluation.Log.Take(3)) demo.Line("log", line);
        if (!evaluation.Succeeded)
        {
            demo.Line("decision", $"{evaluation.Outcome}: {string.Join("; ", evaluation.Diagnostics.Take(2))}; the pool stays at {evaluation.Replicas}");
            return true;
        }
        demo.Line("decision", $"{RpcPool}: {nodes.Count} -> {evaluation.Replicas} replica(s) (replicas {pool.Replicas.Min}..{pool.Replicas.Max}{(evaluation.Clamped ? "; " + evaluation.ClampExplanation : "")}); "
            + $"the service applies it at the pool's next evaluation (every {scaling.Every.TotalMinutes:0}m)");
        demo.App.Local.SetPoolLoad(demo.Fleet, RpcPool, null);
        return true;
    }

    /// <summary>
    /// Story: someone restarts a pool's nodes by hand with another version; drift opens a pull request that edits the
    /// pool file to match. Every node of the pool is restarted: a pool file says one value for all its nodes, so the
    /// editor only edits a value all of them show.
    /// </summary>
    private static async Task<bool> ChangedByHandAsync(DemoRun demo, CancellationToken cancellationToken)
    {
        const string from = "0.38.2", to = "0.38.1";
        var nodes = (await demo.ObserveLocalAsync(cancellationToken))
            .Where(n => n.Pool == IpfsPool && n.State == NodeState.Running && n.Software?.Version == from && int.TryParse(n.ProviderId, out _))
            .OrderBy(n => n.Name, Planning.NaturalComparer.Instance).ToList();
        if (nodes.Count == 0) return true;
        var names = string.Join(", ", nodes.Select(n => n.Name));
        demo.Step($"Story 5, a value changed by hand: {names} restarted with kubo {to} (Git says {from})");
        foreach (var node in nodes)
        {
            var pid = int.Parse(node.ProviderId!, CultureInfo.InvariantCulture);
            var argv = File.ReadAllText($"/proc/{pid}/cmdline").Split('\0', StringSplitOptions.RemoveEmptyEntries);
            Kill(pid);
            StartByHand(argv.Select(a => a == from ? to : a).ToList(), demo.App.Local.LogPath(demo.Fleet, node.Name));
        }
        for (var i = 0; i < 100; i++)
        {
            var running = await demo.ObserveLocalAsync(cancellationToken);
            if (nodes.All(node => running.Any(n => n.Name == node.Name && n.State == NodeState.Running && n.Software?.Version == to))) break;
            await Task.Delay(100, cancellationToken);
        }
        demo.Line("restart", $"{names} now run kubo {to}, each from its own command line");
        var drift = await demo.RunAsync(RunMode.DriftCheck, cancellationToken);
        PrintDrift(demo, drift);
        if (drift.PullRequest is not { } pr) return drift.Result == RunResults.Drift;
        var file = $"pools/{IpfsPool}.yaml";
        demo.Line("edit", $"the pull request edits {file} to what the machine runs:");
        foreach (var (main, branch) in DemoRepository.ChangedLines(demo.RepoDir, pr.Branch, file))
        {
            demo.Line("", "- " + main.Trim());
            demo.Line("", "+ " + branch.Trim());
        }
        demo.Line("review", $"merge #{pr.Id} to keep kubo {to} (admission will then deny it: not an approved version), or close it and the next reconcile restores {from}");
        return drift.Result == RunResults.Drift;
    }

    private static void PrintDrift(DemoRun demo, RunOutcome drift)
    {
        foreach (var item in drift.Drift?.Items ?? []) demo.Line("drift", $"{item.Kind.ToString().ToLowerInvariant()}: {item.Message}");
        if (drift.PullRequest is { } pr) demo.Line("pr", $"#{pr.Id} [{pr.State.ToString().ToLowerInvariant()}] \"{pr.Title}\" on branch {pr.Branch}, report in reports/drift/{demo.Fleet}.md");
    }

    private static void Kill(int pid)
    {
        try
        {
            using var process = Process.GetProcessById(pid);
            process.Kill();
            process.WaitForExit(TimeSpan.FromSeconds(10));
        }
        catch (ArgumentException)
        {
            // Already gone.
        }
    }

    /// <summary>As an operator would from a shell: the node's own command line, its output appended to its log.</summary>
    private static void StartByHand(IReadOnlyList<string> argv, string logPath)
    {
        var start = new ProcessStartInfo("/bin/sh") { UseShellExecute = false };
        foreach (var a in new[] { "-c", "exec \"$@\" >>\"$0\" 2>&1", logPath }) start.ArgumentList.Add(a);
        foreach (var a in argv) start.ArgumentList.Add(a);
        using var process = Process.Start(start) ?? throw new InvalidOperationException("the node could not be started");
    }
}
