using System.Text.Json.Nodes;
using GitOpsFleet.Reconciler.Pipeline;
using GitOpsFleet.Reconciler.Pipeline.Reports;
using GitOpsFleet.Reconciler.State;
using GitOpsFleet.Reconciler.Tests.Service;
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

    [Fact]
    public async Task Approve_FromTheCli_IsAuditedUnderTheOsUser_WithTheByName()
    {
        using var home = new TempDirectory("tokens-cli-approve");
        long waiting;
        await using (var store = await SqliteStateStore.OpenAsync(Path.Combine(home.Path, "state.db"), CancellationToken.None))
        {
            var at = DateTimeOffset.UtcNow;
            waiting = await store.StartRunAsync("f", "repo", "schedule", at, CancellationToken.None);
            var report = new RunReport { Result = RunResults.Waiting, Approval = new ApprovalReport { Fingerprint = "c1:aa", Status = "waiting" } };
            await store.FinishRunAsync(new RunRecord(waiting, "f", "repo", "c1", "schedule", at, at, RunResults.Waiting, "1 to create", report.ToDocument()), CancellationToken.None);
        }
        var cli = new CliRunner(home.Path);
        var approved = await cli.RunAsync("approve", waiting.ToString(System.Globalization.CultureInfo.InvariantCulture), "--by", "dave", "--reason", "window");
        Assert.True(approved.ExitCode == 0, approved.ToString());

        var entry = Assert.Single(JsonNode.Parse((await cli.RunAsync("audit", "--json")).Stdout)!.AsArray())!;
        Assert.Equal((Environment.UserName, "plan.approve", $"run {waiting}", "cli", "by dave, reason: window"),
            (entry["actor"]!.ToString(), entry["action"]!.ToString(), entry["target"]!.ToString(), entry["origin"]!.ToString(), entry["detail"]!.ToString()));
    }

    [Fact]
    public async Task Tokens_OnPostgres_ThroughStateFile()
    {
        await using var pg = await PostgresServer.StartAsync();
        using var home = new TempDirectory("tokens-cli-pg");
        File.WriteAllText(Path.Combine(home.Path, "state"), "postgres:" + pg.ConnectionString);
        var cli = new CliRunner(home.Path);
        var created = await cli.RunAsync("tokens", "create", "ci", "--scope", "run", "--state-file", Path.Combine(home.Path, "state"));
        Assert.True(created.ExitCode == 0, created.ToString());
        // The service's own environment form of the setting is read too.
        var revoked = await cli.RunWithAsync(new Dictionary<string, string> { ["GITOPSFLEET__STATE"] = "postgres:" + pg.ConnectionString }, "tokens", "revoke", "ci");
        Assert.True(revoked.ExitCode == 0, revoked.ToString());

        await using var store = await PostgresStateStore.OpenAsync(pg.ConnectionString, CancellationToken.None);
        var token = Assert.Single(await store.ListTokensAsync(CancellationToken.None));
        Assert.Equal(("ci", GitOpsFleet.Reconciler.Service.Access.ApiTokens.HashHex(created.Stdout.Trim())), (token.Name, token.Hash));
        Assert.NotNull(token.RevokedAt);
        Assert.Equal(["token.create", "token.revoke"], (await store.ListAuditAsync(null, 10, CancellationToken.None)).Select(a => a.Action));
        Assert.False(File.Exists(Path.Combine(home.Path, "state.db")));
    }
}
