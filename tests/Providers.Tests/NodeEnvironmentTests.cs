using GitOpsFleet.Providers.Local;

namespace GitOpsFleet.Providers.Tests;

public sealed class NodeEnvironmentTests
{
    [Fact]
    public void Scrub_RemovesCredentials_KeepsTheRest()
    {
        var env = new Dictionary<string, string?>
        {
            ["PATH"] = "/usr/bin",
            ["HOME"] = "/root",
            ["GITOPSFLEET_GIT_TOKEN"] = "t",
            ["AZURE_CLIENT_SECRET"] = "s",
            ["GITHUB_TOKEN"] = "g",
            ["MY_DB_PASSWORD"] = "p",
            ["FORGE_API_KEY"] = "k",
            ["GITOPSFLEET_HOME"] = "/var/lib/gitopsfleet",
        };
        NodeEnvironment.Scrub(env);
        Assert.Equal(["GITOPSFLEET_HOME", "HOME", "PATH"], env.Keys.Order(StringComparer.Ordinal));
    }
}
