using System.Text.Json.Nodes;
using GitOpsFleet.Model;
using GitOpsFleet.Reconciler.Pipeline.Notifications;
using GitOpsFleet.Reconciler.Pipeline.Reports;
using GitOpsFleet.Reconciler.State;
using GitOpsFleet.Reconciler.Tests.Support;

namespace GitOpsFleet.Reconciler.Tests.Cli;

/// <summary>notifications list through the real program, on the state home's SQLite store.</summary>
public sealed class NotificationCommandsTests
{
    [Fact]
    public async Task List_ShowsQueuedDeliveries_WithWhereTheUrlIsRead_NotTheUrl()
    {
        using var home = new TempDirectory("notify-cli");
        var cli = new CliRunner(home.Path);
        Assert.Contains("no notifications", (await cli.RunAsync("notifications", "list")).Stdout, StringComparison.Ordinal);
        await using (var store = await SqliteStateStore.OpenAsync(Path.Combine(home.Path, "state.db"), CancellationToken.None))
        {
            var fleet = Fleets.Fleet("mainnet", []) with
            {
                Notifications = [new NotificationTarget("chat", NotificationKind.Slack, new SecretReference("SLACK_URL", null), null, [NotificationEvent.RunFailed])],
            };
            var report = new RunReport { RunId = 3, Fleet = "mainnet", Result = "failed", Commit = "c1", Summary = "failed", Error = "apply failed" };
            await new RunNotifier(store, TimeProvider.System).QueueAsync(fleet, report, CancellationToken.None);
        }

        var listed = await cli.RunWithAsync(new Dictionary<string, string> { ["SLACK_URL"] = "https://hooks.invalid/services/canary-url-token" },
            "notifications", "list", "--json");

        Assert.True(listed.ExitCode == 0, listed.ToString());
        var delivery = Assert.Single(JsonNode.Parse(listed.Stdout)!.AsArray())!;
        Assert.Equal(("mainnet", "run-failed", "chat", "slack", "pending", 3L, "env:SLACK_URL"),
            ((string?)delivery["fleet"], (string?)delivery["event"], (string?)delivery["target"], (string?)delivery["kind"], (string?)delivery["status"],
                (long)delivery["runId"]!, (string?)delivery["urlFrom"]));
        Assert.DoesNotContain("canary-url-token", listed.All, StringComparison.Ordinal);
        var table = await cli.RunAsync("notifications", "list", "--fleet", "mainnet");
        Assert.Contains("run-failed", table.Stdout, StringComparison.Ordinal);
    }
}
