using GitOpsFleet.Model;
using static GitOpsFleet.Loading.Tests.Fixtures;

namespace GitOpsFleet.Loading.Tests;

/// <summary>spec.notifications: targets name where their URL and secret are read, never the values; bad entries are located.</summary>
public sealed class FleetNotificationsTests
{
    private static string Fleet(string notifications) => $"""
        apiVersion: gitopsfleet.dev/v1
        kind: Fleet
        metadata:
          name: mainnet
        spec:
          notifications:
        {notifications}
        """;

    [Fact]
    public void Load_Targets_AreReadWithTheirSources()
    {
        var result = Load(Snapshot(("fleet.yaml", Fleet("""
                - name: ops-hook
                  kind: webhook
                  urlFrom: {env: OPS_HOOK_URL}
                  secretFrom: {file: /run/secrets/ops-hook}
                  events: [plan-denied, run-failed]
                - name: chat
                  kind: slack
                  urlFrom: {file: /run/secrets/slack-url}
                  events: [approval-needed, drift-opened, drift-resolved]
                - {name: am, kind: alertmanager, urlFrom: {env: AM_URL}, events: [drift-opened, drift-resolved]}
                - name: channel
                  kind: teams
                  urlFrom: {env: TEAMS_URL}
                  events: [drift-updated, run-stalled, run-retrying, approval-given, approval-lapsed]
                  retryThreshold: 5
            """))));

        Assert.True(result.Succeeded, string.Join("\n", Lines(result)));
        var targets = result.Fleet!.NotificationTargets;
        Assert.Equal(["ops-hook", "chat", "am", "channel"], targets.Select(t => t.Name));
        Assert.Equal(NotificationKind.Teams, targets[3].Kind);
        Assert.Equal([NotificationEvent.DriftUpdated, NotificationEvent.RunStalled, NotificationEvent.RunRetrying, NotificationEvent.ApprovalGiven, NotificationEvent.ApprovalLapsed],
            targets[3].Events);
        Assert.Equal(5, targets[3].RetryThreshold);
        Assert.Equal(NotificationTarget.DefaultRetryThreshold, targets[0].RetryThreshold);
        Assert.Equal(new SecretReference("OPS_HOOK_URL", null), targets[0].Url);
        Assert.Equal(new SecretReference(null, "/run/secrets/ops-hook"), targets[0].Secret);
        Assert.Equal([NotificationEvent.PlanDenied, NotificationEvent.RunFailed], targets[0].Events);
        Assert.Equal(NotificationKind.Slack, targets[1].Kind);
        Assert.Null(targets[1].Secret);
        Assert.Equal(NotificationKind.Alertmanager, targets[2].Kind);
    }

    [Fact]
    public void Load_WithoutNotifications_HasNoTargets()
    {
        var result = Load(Snapshot(("fleet.yaml", "apiVersion: gitopsfleet.dev/v1\nkind: Fleet\nmetadata:\n  name: mainnet\n")));

        Assert.True(result.Succeeded, string.Join("\n", Lines(result)));
        Assert.Empty(result.Fleet!.NotificationTargets);
    }

    [Fact]
    public void Load_BadTargets_AreReportedWhereTheyAre()
    {
        var result = Load(Snapshot(("fleet.yaml", Fleet("""
                - name: hook
                  kind: webhook
                  urlFrom: {env: HOOK_URL}
                  events: [plan-denied]
                - name: chat
                  kind: slack
                  urlFrom: {env: SLACK, file: /x}
                  secretFrom: {env: S}
                  events: [plan-denyed, run-failed, run-failed]
                - name: hook
                  kind: discord
                  url: https://example.invalid/hook
                  urlFrom: {env: "1BAD"}
                  events: []
                  retryThreshold: 0
            """))));

        Assert.False(result.Succeeded);
        var lines = Lines(result);
        Assert.Contains("fleet.yaml:7:7: error FLEET004: missing required field 'secretFrom' in spec.notifications[0]", lines);
        Assert.Contains(lines, l => l.StartsWith("fleet.yaml:13:16: error FLEET020: spec.notifications[1].urlFrom must name exactly one of env or file", StringComparison.Ordinal));
        Assert.Contains(lines, l => l.StartsWith("fleet.yaml:14:7: error FLEET020: spec.notifications[1].secretFrom is for webhook targets only", StringComparison.Ordinal));
        Assert.Contains(lines, l => l.StartsWith("fleet.yaml:15:16: error FLEET013: spec.notifications[1].events[0] must be one of", StringComparison.Ordinal) && l.Contains("plan-denied"));
        Assert.Contains("fleet.yaml:15:41: error FLEET019: spec.notifications[1].events[2] 'run-failed' is listed twice", lines);
        Assert.Contains("fleet.yaml:16:13: error FLEET019: spec.notifications[2].name 'hook' is used by another target", lines);
        Assert.Contains(lines, l => l.StartsWith("fleet.yaml:17:13: error FLEET013: spec.notifications[2].kind must be one of webhook, slack, alertmanager, teams", StringComparison.Ordinal));
        Assert.Contains(lines, l => l.StartsWith("fleet.yaml:18:7: error FLEET002: unknown field 'url'", StringComparison.Ordinal));
        Assert.Contains("fleet.yaml:19:22: error FLEET019: spec.notifications[2].urlFrom.env '1BAD' is not an environment variable name", lines);
        Assert.Contains(lines, l => l.StartsWith("fleet.yaml:20:15: error FLEET019: spec.notifications[2].events is empty", StringComparison.Ordinal));
        Assert.Contains(lines, l => l.StartsWith("fleet.yaml:21:23: ", StringComparison.Ordinal) && l.Contains("spec.notifications[2].retryThreshold must be at least 1", StringComparison.Ordinal));
    }

    [Fact]
    public void Load_TargetNotAMapping_IsAWrongType()
    {
        var result = Load(Snapshot(("fleet.yaml", Fleet("    - hook"))));

        Assert.False(result.Succeeded);
        Assert.Contains(Lines(result), l => l.Contains("error FLEET003: spec.notifications[0] must be a mapping", StringComparison.Ordinal));
    }
}
