using System.Diagnostics;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json.Nodes;
using GitOpsFleet.Reconciler.Tests.Notifications;
using GitOpsFleet.Reconciler.Tests.Support;

namespace GitOpsFleet.Reconciler.Tests.Cli;

/// <summary>`reconcile --once` sends what its run queued before it exits, held to a deadline, through the real program.</summary>
public sealed class CliNotificationDeliveryTests : FleetTestBase
{
    private const string Secret = "cli-secret-3be1";

    private void DenyEverything(string events)
    {
        _repo.Write("fleet.yaml", FleetYaml(allowEmpty: false,
                extra: $"notifications: [{{name: ops, kind: webhook, urlFrom: {{env: OPS_URL}}, secretFrom: {{env: OPS_SECRET}}, events: [{events}]}}]"))
            .Write("policies/fleet/admission.rego", """
                package fleet.admission

                import rego.v1

                deny contains "nothing is approved today"
                """)
            .Commit("notify and deny");
    }

    private static Dictionary<string, string> Environment(NotificationReceiver receiver, params (string Key, string Value)[] more)
    {
        var environment = new Dictionary<string, string>
        {
            ["OPS_URL"] = new Uri(receiver.Address, "hook").AbsoluteUri,
            ["OPS_SECRET"] = Secret,
        };
        foreach (var (key, value) in more) environment[key] = value;
        return environment;
    }

    private async Task<JsonNode> OnlyDeliveryAsync()
    {
        var list = await _cli.RunAsync("notifications", "list", "--json");
        Assert.True(list.ExitCode == 0, list.ToString());
        return Assert.Single(JsonNode.Parse(list.Stdout)!.AsArray())!;
    }

    [Fact]
    public async Task ReconcileOnce_DeliversWhatItsRunQueued_BeforeItExits()
    {
        DenyEverything("plan-denied");
        await using var receiver = await NotificationReceiver.StartAsync(_ => (200, null));

        var run = await _cli.RunWithAsync(Environment(receiver), "reconcile", "--once", "--repo", _repo.Path);

        Assert.True(run.ExitCode == 1, run.ToString());
        var request = Assert.Single(receiver.Requests);
        Assert.Equal("plan-denied", request.Headers["X-GitOpsFleet-Event"]);
        Assert.Equal("sha256=" + Convert.ToHexStringLower(HMACSHA256.HashData(Encoding.UTF8.GetBytes(Secret), request.Body)),
            request.Headers["X-GitOpsFleet-Signature-256"]);
        Assert.Equal("delivered", (string?)(await OnlyDeliveryAsync())["status"]);
        Assert.DoesNotContain("notifications:", run.Stderr, StringComparison.Ordinal);
    }

    [Fact]
    public async Task ReconcileOnce_TargetThatHangs_EndsAtTheDeadline_AndStaysQueuedForServe()
    {
        DenyEverything("plan-denied");
        await using var receiver = await NotificationReceiver.StartAsync(_ => null);

        // Each attempt may take a minute: only the command's deadline ends the wait.
        var clock = Stopwatch.StartNew();
        var run = await _cli.RunWithAsync(Environment(receiver,
                ("GITOPSFLEET__NOTIFICATIONS__CLIDELIVERYTIMEOUT", "00:00:01"), ("GITOPSFLEET__NOTIFICATIONS__ATTEMPTTIMEOUT", "00:01:00")),
            "reconcile", "--once", "--repo", _repo.Path);
        clock.Stop();

        Assert.True(run.ExitCode == 1, run.ToString());
        Assert.True(clock.Elapsed < TimeSpan.FromSeconds(45), $"the command took {clock.Elapsed}");
        Assert.Single(receiver.Requests);
        var line = Assert.Single(run.Stderr.Split('\n'), l => l.StartsWith("notifications:", StringComparison.Ordinal));
        Assert.Contains("1 not sent within 1 s stay queued for 'gitopsfleet serve'", line, StringComparison.Ordinal);
        var delivery = await OnlyDeliveryAsync();
        Assert.Equal(("pending", 1), ((string?)delivery["status"], (int)delivery["attempts"]!));
    }

    [Fact]
    public async Task ReconcileOnce_ThatQueuedNothing_SaysNothing_AndCallsNoTarget()
    {
        DenyEverything("run-failed");
        await using var receiver = await NotificationReceiver.StartAsync(_ => null);

        var run = await _cli.RunWithAsync(Environment(receiver, ("GITOPSFLEET__NOTIFICATIONS__CLIDELIVERYTIMEOUT", "00:01:00")),
            "reconcile", "--once", "--repo", _repo.Path);

        Assert.True(run.ExitCode == 1, run.ToString());
        Assert.Empty(receiver.Requests);
        Assert.DoesNotContain("notifications:", run.Stderr, StringComparison.Ordinal);
    }
}
