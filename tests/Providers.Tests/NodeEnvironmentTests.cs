using System.Text.RegularExpressions;
using GitOpsFleet.Providers.Local;
using GitOpsFleet.Providers.Tests.Local;

namespace GitOpsFleet.Providers.Tests;

public sealed class NodeEnvironmentTests
{
    [Fact]
    public void Restrict_KeepsOnlyTheAllowList_AndAddsTheNodesOwnSettings()
    {
        var env = new Dictionary<string, string?>
        {
            ["PATH"] = "/usr/bin",
            ["HOME"] = "/root",
            ["LANG"] = "C.UTF-8",
            ["LC_ALL"] = "C",
            ["TZ"] = "UTC",
            ["TMPDIR"] = "/tmp",
            ["DOTNET_ROOT"] = "/usr/share/dotnet",
            ["DB_PASS"] = "p",
            ["GITOPSFLEET__STATE"] = "postgres:Password=p",
            ["GITOPSFLEET_HOME"] = "/var/lib/gitopsfleet",
            ["AZURE_CLIENT_SECRET"] = "s",
        };
        NodeEnvironment.Restrict(env, new Dictionary<string, string> { ["NODE_SETTING"] = "x" });
        Assert.Equal(["DOTNET_ROOT", "HOME", "LANG", "LC_ALL", "NODE_SETTING", "PATH", "TMPDIR", "TZ"], env.Keys.Order(StringComparer.Ordinal));
    }

    [Fact]
    public async Task StartedNode_DoesNotInheritTheServicesCredentials()
    {
        Environment.SetEnvironmentVariable("DB_PASS", "db-secret-node-env-test");
        Environment.SetEnvironmentVariable("GITOPSFLEET__STATE", "postgres:Host=x;Password=db-secret-node-env-test");
        try
        {
            await using var fleet = new LocalTestFleet();
            var result = await fleet.CreateAsync(fleet.Node("rpc", "rpc-0"));
            var pid = int.Parse(Regex.Match(result.Message, @"as pid (\d+)").Groups[1].Value, System.Globalization.CultureInfo.InvariantCulture);
            var names = (await File.ReadAllTextAsync($"/proc/{pid}/environ")).Split('\0', StringSplitOptions.RemoveEmptyEntries)
                .Select(e => e.Split('=', 2)[0]).ToList();
            Assert.Contains("PATH", names);
            Assert.DoesNotContain("DB_PASS", names);
            Assert.DoesNotContain("GITOPSFLEET__STATE", names);
        }
        finally
        {
            Environment.SetEnvironmentVariable("DB_PASS", null);
            Environment.SetEnvironmentVariable("GITOPSFLEET__STATE", null);
        }
    }
}
