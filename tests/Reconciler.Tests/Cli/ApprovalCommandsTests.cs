using GitOpsFleet.Reconciler.Pipeline;
using GitOpsFleet.Reconciler.Pipeline.Reports;
using GitOpsFleet.Reconciler.State;
using GitOpsFleet.Reconciler.Tests.Service;
using GitOpsFleet.Reconciler.Tests.Support;

namespace GitOpsFleet.Reconciler.Tests.Cli;

/// <summary>`approve` and `reject` against the store a service uses, named the way serve takes it (a real PostgreSQL server).</summary>
public sealed class ApprovalCommandsTests : IDisposable
{
    private readonly TempDirectory _temp = new("approve-cli");

    [Fact]
    public async Task Approve_WithAStateFileNamingPostgres_RecordsTheDecisionThere()
    {
        await using var pg = await PostgresServer.StartAsync();
        await using var store = await PostgresStateStore.OpenAsync(pg.ConnectionString, CancellationToken.None);
        var run = await WaitingRunAsync(store);
        var stateFile = _temp.Combine("state");
        await File.WriteAllTextAsync(stateFile, "postgres:" + pg.ConnectionString + "\n");
        var cli = new CliRunner(_temp.Combine("home"));

        var approved = await cli.RunAsync("approve", run.ToString(System.Globalization.CultureInfo.InvariantCulture), "--by", "alice", "--reason", "window", "--state-file", stateFile);

        Assert.True(approved.ExitCode == 0, approved.ToString());
        var decision = Assert.Single(await store.ListApprovalsAsync("f", CancellationToken.None));
        Assert.Equal(("alice", ApprovalDecision.Approve, "c1:aa"), (decision.Approver, decision.Decision, decision.Fingerprint));
        // The state home's SQLite file knows nothing of the run: the decision went to the service's store.
        Assert.Equal(1, (await cli.RunAsync("reject", run.ToString(System.Globalization.CultureInfo.InvariantCulture), "--by", "bob")).ExitCode);
    }

    [Fact]
    public async Task Approve_WithAMissingOrBadStateFile_ExitsOne_AndSaysWhy()
    {
        var cli = new CliRunner(_temp.Combine("home"));
        var missing = await cli.RunAsync("approve", "1", "--state-file", _temp.Combine("nope"));
        Assert.Equal(1, missing.ExitCode);
        Assert.Contains("--state-file", missing.Stderr, StringComparison.Ordinal);

        var bad = _temp.Combine("bad");
        await File.WriteAllTextAsync(bad, "mysql:somewhere");
        var refused = await cli.RunAsync("approve", "1", "--state-file", bad);
        Assert.Equal(1, refused.ExitCode);
        Assert.Contains("state must be sqlite:PATH or postgres:CONNECTION_STRING", refused.Stderr, StringComparison.Ordinal);
    }

    private static async Task<long> WaitingRunAsync(IStateStore store)
    {
        var at = DateTimeOffset.UtcNow;
        var id = await store.StartRunAsync("f", "repo", "api", at, CancellationToken.None);
        var report = new RunReport { Result = RunResults.Waiting, Commit = "c1", Approval = new ApprovalReport { Fingerprint = "c1:aa", PlanHash = "aa", Status = "waiting", Required = 1 } };
        await store.FinishRunAsync(new RunRecord(id, "f", "repo", "c1", "api", at, at, RunResults.Waiting, "1 to create", report.ToDocument()), CancellationToken.None);
        return id;
    }

    public void Dispose() => _temp.Dispose();
}
