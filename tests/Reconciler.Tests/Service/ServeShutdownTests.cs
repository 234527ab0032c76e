using System.Diagnostics;
using GitOpsFleet.Reconciler.State;
using GitOpsFleet.Reconciler.Tests.Support;

namespace GitOpsFleet.Reconciler.Tests.Service;

/// <summary>SIGTERM on the real `serve`, as an orchestrator stops a container while a run is in progress.</summary>
public sealed class ServeShutdownTests
{
    [Theory]
    [InlineData("00:00:00.2", 10, "cancelled")]
    [InlineData("00:01:00", 6, "succeeded")]
    public async Task Sigterm_DuringARun_FinishesOrCancelsItWithinTheDeadline_RecordsIt_ExitsZero_AndLeavesTheNodesRunning(string deadlineText, int replicas, string expected)
    {
        using var temp = new TempDirectory("sigterm");
        var fleet = TestFleet.NewName();
        // Nodes started one at a time (each a process answering /healthz, ~0.2 s apiece here): the apply stage
        // outlasts the short deadline by seconds, and the long one by far more than it needs.
        var repo = TestFleet.Create(temp.Combine("repo"), fleet, replicas, maxParallel: 1);
        var deadline = TimeSpan.Parse(deadlineText, System.Globalization.CultureInfo.InvariantCulture);
        var home = temp.Combine("home");
        try
        {
            await using var serve = await ServeProcess.StartAsync(home, new Dictionary<string, string> { ["GITOPSFLEET__SHUTDOWNDEADLINE"] = deadlineText },
                "--repo", repo.Path);
            var running = await ApiJson.WaitForAsync(() => ApiJson.RunsAsync(serve.Http),
                r => r.Count == 1 && r[0]!["result"]!.ToString() == "running" && NodeProcesses.OfFleet(fleet).Count >= 1,
                TimeSpan.FromSeconds(60), r => r.ToJsonString() + "\n" + serve.Output);
            var runId = running[0]!["id"]!.GetValue<long>();
            var nodesBefore = NodeProcesses.OfFleet(fleet);

            var clock = Stopwatch.StartNew();
            var exitCode = await serve.TerminateAsync(TimeSpan.FromSeconds(90));
            var exitedAfter = clock.Elapsed;

            Assert.True(exitCode == 0, $"serve exited with {exitCode}:\n{serve.Output}");
            Assert.Contains("Shutting down: waiting up to", serve.Output, StringComparison.Ordinal);
            if (expected == "cancelled")
            {
                // The deadline, then the pipeline's own clean-up (recording the run, releasing the lease); never the host's hard stop.
                Assert.True(exitedAfter < deadline + TimeSpan.FromSeconds(10), $"serve took {exitedAfter.TotalSeconds:0.0} s to exit:\n{serve.Output}");
                Assert.Contains("Shutdown deadline reached", serve.Output, StringComparison.Ordinal);
            }
            else
            {
                Assert.True(exitedAfter < deadline, $"serve took {exitedAfter.TotalSeconds:0.0} s to exit:\n{serve.Output}");
                Assert.DoesNotContain("Shutdown deadline reached", serve.Output, StringComparison.Ordinal);
            }

            await using (var store = await SqliteStateStore.OpenAsync(Path.Combine(home, "state.db"), CancellationToken.None))
            {
                var run = await store.GetRunAsync(runId, CancellationToken.None);
                Assert.NotNull(run);
                Assert.True(run.Result == expected, $"run {runId} was recorded as {run.Result}: {run.Summary}\n{serve.Output}");
                Assert.NotNull(run.FinishedAt);
                // It was stopped while applying: every step up to apply ran, and a cancelled apply says so.
                var steps = run.Document["steps"]!.AsArray().Select(s => (Name: s!["name"]!.ToString(), Outcome: s["outcome"]!.ToString(), Message: s["message"]!.ToString())).ToList();
                var ran = steps.Where(s => s.Outcome != "skipped").Select(s => s.Name).ToList();
                Assert.True(ran.Contains("policy") && ran.Contains("apply"), run.Document.ToJsonString());
                if (expected == "cancelled") Assert.Contains(steps, s => s is { Name: "apply", Outcome: "failed", Message: "the run was cancelled" });
            }

            // Nodes are separate processes: the service going away stops none of them.
            var nodesAfter = NodeProcesses.OfFleet(fleet);
            Assert.All(nodesBefore, n => Assert.Contains(nodesAfter, a => a.Pid == n.Pid));
            if (expected == "cancelled") Assert.InRange(nodesAfter.Count, 1, replicas - 1);
            else Assert.Equal(replicas, nodesAfter.Count);
        }
        finally
        {
            NodeProcesses.KillFleet(fleet);
        }
    }
}
