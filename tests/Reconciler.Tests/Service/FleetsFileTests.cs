using GitOpsFleet.Reconciler.Service.Fleets;
using GitOpsFleet.Reconciler.Tests.Support;

namespace GitOpsFleet.Reconciler.Tests.Service;

public sealed class FleetsFileTests : IDisposable
{
    private readonly TempDirectory _temp = new("fleets");

    [Fact]
    public void Read_TakesPathCredentialsAndPolicyRepository()
    {
        var tokenFile = _temp.Combine("token");
        File.WriteAllText(tokenFile, "s3cr3t\n");
        var file = _temp.Combine("fleets.yaml");
        File.WriteAllText(file, $"""
            fleets:
              - name: mainnet
                repository: https://git.example/ops/fleets.git
                ref: main
                path: fleets/mainnet/
                credentials: {"{"}username: bot, tokenFile: {tokenFile}{"}"}
                policy: {"{"}repo: https://git.example/sec/policies.git, ref: v3, path: fleet/{"}"}
            """);
        var problems = new List<string>();
        var fleet = Assert.Single(FleetsFile.Read(file, problems));
        Assert.Empty(problems);
        Assert.Equal("fleets/mainnet", fleet.Path);
        Assert.Equal(("https://git.example/sec/policies.git", "v3", "fleet/"), (fleet.Policy!.Repo, fleet.Policy.Ref, fleet.Policy.Path));
        Assert.True(fleet.Credentials!.HasSecret);
        Assert.Equal("see ***", fleet.Credentials.Redact("see s3cr3t"));
        Assert.Equal(fleet.Path, fleet.Target.Path);
    }

    [Fact]
    public void Read_ReportsEveryProblem_AndNeverTakesASecretValue()
    {
        var file = _temp.Combine("fleets.yaml");
        File.WriteAllText(file, """
            fleets:
              - name: a
                repository: https://git.example/a.git
                path: ../outside
                credentials: {token: plain-text-secret, tokenEnv: GITOPSFLEET_TEST_UNSET_VARIABLE}
                policy: {ref: main}
            """);
        var problems = new List<string>();
        FleetsFile.Read(file, problems);
        Assert.Contains(problems, p => p.Contains("path '../outside' must be a folder inside the repository", StringComparison.Ordinal));
        Assert.Contains(problems, p => p.Contains("unknown field 'credentials.token'", StringComparison.Ordinal));
        Assert.Contains(problems, p => p.Contains("GITOPSFLEET_TEST_UNSET_VARIABLE, which is not set", StringComparison.Ordinal));
        Assert.Contains(problems, p => p.Contains("policy.repo is required", StringComparison.Ordinal));
        Assert.DoesNotContain(problems, p => p.Contains("plain-text-secret", StringComparison.Ordinal));
    }

    [Fact]
    public void Read_ServiceWideNotifications_GoToEveryFleet()
    {
        var file = _temp.Combine("fleets.yaml");
        File.WriteAllText(file, """
            fleets:
              - {name: mainnet, repository: https://git.example/mainnet.git}
              - {name: testnet, repository: https://git.example/testnet.git}
            notifications:
              - name: ops-hook
                kind: webhook
                urlFrom: {env: OPS_HOOK_URL}
                secretFrom: {file: /run/secrets/ops-hook-secret}
                events: [run-failed, plan-denied]
              - {name: chat, kind: slack, urlFrom: {env: SLACK_URL}, events: [drift-opened], retryThreshold: 4}
            """);
        var problems = new List<string>();

        var fleets = FleetsFile.Read(file, problems);

        Assert.Empty(problems);
        Assert.Equal(2, fleets.Count);
        foreach (var fleet in fleets)
        {
            Assert.Equal(["ops-hook", "chat"], fleet.Target.DefaultNotifications.Select(t => t.Name));
        }
        var hook = fleets[0].Target.DefaultNotifications[0];
        Assert.Equal((GitOpsFleet.Model.NotificationKind.Webhook, "OPS_HOOK_URL", "/run/secrets/ops-hook-secret"), (hook.Kind, hook.Url.Env, hook.Secret!.File));
        Assert.Equal(4, fleets[0].Target.DefaultNotifications[1].RetryThreshold);
    }

    [Fact]
    public void Read_BadNotificationTargets_AreReportedWithLineAndColumn_EveryOne()
    {
        var file = _temp.Combine("fleets.yaml");
        File.WriteAllText(file, """
            fleets:
              - {name: mainnet, repository: https://git.example/mainnet.git}
            notifications:
              - {name: chat, kind: sms, urlFrom: {env: SLACK_URL}, events: [run-failed]}
              - {name: hook, kind: webhook, urlFrom: {env: HOOK_URL}, events: [run-failed]}
              - {name: alerts, kind: alertmanager, urlFrom: {value: "https://am.example"}, events: [drift-opend]}
            """);
        var problems = new List<string>();

        var fleets = FleetsFile.Read(file, problems);

        // kind; webhook without secretFrom; urlFrom's unknown field and its missing env or file; the misspelt event.
        Assert.Equal(5, problems.Count(p => p.StartsWith(file + ":", StringComparison.Ordinal) && p.Contains(": error ", StringComparison.Ordinal)));
        Assert.Contains(problems, p => p.StartsWith(file + ":4:", StringComparison.Ordinal) && p.Contains("notifications[0].kind", StringComparison.Ordinal));
        Assert.Contains(problems, p => p.StartsWith(file + ":5:", StringComparison.Ordinal) && p.Contains("secretFrom", StringComparison.Ordinal));
        Assert.Contains(problems, p => p.StartsWith(file + ":6:", StringComparison.Ordinal) && p.Contains("unknown field 'value'", StringComparison.Ordinal));
        Assert.Contains(problems, p => p.StartsWith(file + ":6:", StringComparison.Ordinal) && p.Contains("drift-opend", StringComparison.Ordinal));
        Assert.Empty(Assert.Single(fleets).Target.DefaultNotifications);
    }

    public void Dispose() => _temp.Dispose();
}
