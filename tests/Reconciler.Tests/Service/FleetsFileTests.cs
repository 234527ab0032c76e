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

    public void Dispose() => _temp.Dispose();
}
