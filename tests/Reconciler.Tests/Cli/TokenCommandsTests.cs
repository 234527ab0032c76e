using System.Text.Json.Nodes;
using GitOpsFleet.Reconciler.Tests.Support;

namespace GitOpsFleet.Reconciler.Tests.Cli;

/// <summary>tokens create|list|revoke and audit through the real program, on the state home's SQLite store.</summary>
public sealed class TokenCommandsTests
{
    [Fact]
    public async Task CreateListRevoke_PrintTheTokenOnce_AndTheAuditLogRecordsEachChange()
    {
        using var home = new TempDirectory("tokens-cli");
        var cli = new CliRunner(home.Path);

        var created = await cli.RunAsync("tokens", "create", "deploy-bot", "--scope", "run", "--scope", "approve");
        Assert.True(created.ExitCode == 0, created.ToString());
        var token = created.Stdout.Trim();
        Assert.Matches("^gof_[A-Za-z0-9_-]{43}$", token);

        var again = await cli.RunAsync("tokens", "create", "deploy-bot", "--scope", "read");
        Assert.Equal(1, again.ExitCode);
        Assert.Contains("exists", again.Stderr, StringComparison.Ordinal);
        Assert.Equal(1, (await cli.RunAsync("tokens", "create", "x", "--scope", "root")).ExitCode);
        Assert.Equal(1, (await cli.RunAsync("tokens", "create", "Bad Name", "--scope", "read")).ExitCode);
        Assert.NotEqual(0, (await cli.RunAsync("tokens", "create", "noscope")).ExitCode);

        var list = await cli.RunAsync("tokens", "list");
        Assert.Contains("deploy-bot", list.Stdout, StringComparison.Ordinal);
        Assert.Contains("run,approve", list.Stdout, StringComparison.Ordinal);
        Assert.Contains("active", list.Stdout, StringComparison.Ordinal);
        Assert.DoesNotContain(token, list.All, StringComparison.Ordinal);

        Assert.Equal(0, (await cli.RunAsync("tokens", "revoke", "deploy-bot")).ExitCode);
        Assert.Equal(1, (await cli.RunAsync("tokens", "revoke", "deploy-bot")).ExitCode);
        var json = JsonNode.Parse((await cli.RunAsync("tokens", "list", "--json")).Stdout)!.AsArray();
        Assert.NotNull(Assert.Single(json)!["revokedAt"]);

        var audit = await cli.RunAsync("audit", "--json", "--since", "2000-01-01");
        Assert.True(audit.ExitCode == 0, audit.ToString());
        var entries = JsonNode.Parse(audit.Stdout)!.AsArray();
        Assert.Equal(["token.create", "token.revoke"], entries.Select(e => e!["action"]!.ToString()));
        Assert.All(entries, e =>
        {
            Assert.Equal("deploy-bot", e!["target"]!.ToString());
            Assert.Equal("cli", e["origin"]!.ToString());
            Assert.Equal(Environment.UserName, e["actor"]!.ToString());
        });
        Assert.Contains("token.revoke", (await cli.RunAsync("audit")).Stdout, StringComparison.Ordinal);
        Assert.Empty(JsonNode.Parse((await cli.RunAsync("audit", "--json", "--since", "2999-01-01")).Stdout)!.AsArray());
        Assert.Equal(1, (await cli.RunAsync("audit", "--since", "yesterday-ish")).ExitCode);

        await using var db = new FileStream(Path.Combine(home.Path, "state.db"), FileMode.Open, FileAccess.Read, FileShare.ReadWrite);
        using var text = new StreamReader(db);
        Assert.DoesNotContain(token, await text.ReadToEndAsync(), StringComparison.Ordinal);
    }
}
