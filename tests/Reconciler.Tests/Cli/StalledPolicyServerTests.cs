using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using GitOpsFleet.Reconciler.Tests.Support;

namespace GitOpsFleet.Reconciler.Tests.Cli;

/// <summary>
/// A fleet whose policies are evaluated by an OPA server (policies.engine: opa) that accepts connections and never
/// answers: each call is given up after Policies:ServerTimeout, three attempts, and the plan is denied (fail closed),
/// naming the timeout; nothing waits for ever.
/// </summary>
public sealed class StalledPolicyServerTests : FleetTestBase
{
    [Fact]
    public async Task Plan_AgainstAnOpaServerThatNeverAnswers_IsDeniedAfterItsDeadline()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        var port = ((IPEndPoint)listener.LocalEndpoint).Port;
        using var stop = new CancellationTokenSource();
        var held = new List<Socket>();
        var accepting = Task.Run(async () =>
        {
            // Accept and read nothing, answer nothing: a hung server, not a refused one.
            while (!stop.IsCancellationRequested)
            {
                try
                {
                    held.Add(await listener.AcceptSocketAsync(stop.Token));
                }
                catch (OperationCanceledException)
                {
                    return;
                }
            }
        });
        _repo.Write("fleet.yaml", FleetYaml(allowEmpty: false, extra: $"policies: {{engine: opa, opa: {{url: \"http://127.0.0.1:{port}\"}}}}")).Commit("opa policies");

        var clock = Stopwatch.StartNew();
        var plan = await _cli.RunWithAsync(new Dictionary<string, string> { ["GITOPSFLEET__POLICIES__SERVERTIMEOUT"] = "00:00:01" }, "plan", "--repo", _repo.Path);
        clock.Stop();
        await stop.CancelAsync();
        await accepting;
        foreach (var s in held) s.Dispose();

        Assert.True(plan.ExitCode == 1, plan.ToString());
        Assert.Contains("the OPA server could not evaluate", plan.Stdout, StringComparison.Ordinal);
        Assert.Contains("OPA did not answer within 1s (after 3 attempts)", plan.Stdout, StringComparison.Ordinal);
        Assert.True(held.Count >= 3, $"{held.Count} connection(s) reached the stalled server");
        Assert.True(clock.Elapsed < TimeSpan.FromSeconds(60), $"plan took {clock.Elapsed}");
        Console.WriteLine($"stalled OPA server: plan denied after {clock.Elapsed.TotalSeconds:F1} s wall, {held.Count} connections");
    }
}
