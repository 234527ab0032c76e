using System.Text.Json.Nodes;
using GitOpsFleet.Reconciler.Planning;
using GitOpsFleet.Reconciler.State;
using GitOpsFleet.Reconciler.Tests.Support;
using Microsoft.Data.Sqlite;

namespace GitOpsFleet.Reconciler.Tests.State;

public sealed class SqliteStateStoreTests : IDisposable
{
    private readonly TempDirectory _temp = new("state");

    [Fact]
    public async Task Runs_AreRecordedAndListedNewestFirst_WithTheirDocument()
    {
        await using var store = await SqliteStateStore.OpenAsync(_temp.Combine("state.db"), CancellationToken.None);
        var t0 = DateTimeOffset.Parse("2026-11-25T10:00:00Z", System.Globalization.CultureInfo.InvariantCulture);
        var a = await store.StartRunAsync("repo", "repo", "cli", t0, CancellationToken.None);
        await store.FinishRunAsync(new RunRecord(a, "mainnet", "repo", "abc", "cli", t0, t0.AddSeconds(2), "succeeded", "1 to create", new JsonObject { ["x"] = 1 }), CancellationToken.None);
        var b = await store.StartRunAsync("repo", "repo", "cli", t0.AddMinutes(1), CancellationToken.None);
        await store.FinishRunAsync(new RunRecord(b, "other", "repo", "def", "cli", t0.AddMinutes(1), t0.AddMinutes(1), "invalid", "2 problems", new JsonObject()), CancellationToken.None);

        var all = await store.ListRunsAsync(null, null, 10, 0, CancellationToken.None);
        Assert.Equal([b, a], all.Select(r => r.Id));
        Assert.Equal([a], (await store.ListRunsAsync("mainnet", null, 10, 0, CancellationToken.None)).Select(r => r.Id));
        Assert.Equal([b], (await store.ListRunsAsync(null, "invalid", 10, 0, CancellationToken.None)).Select(r => r.Id));
        var shown = await store.GetRunAsync(a, CancellationToken.None);
        Assert.Equal(1, shown!.Document["x"]!.GetValue<int>());
        Assert.Equal(TimeSpan.FromSeconds(2), shown.Duration);
    }

    [Fact]
    public async Task Migrations_RunOnceAndSurviveReopen()
    {
        var path = _temp.Combine("state.db");
        await using (var store = await SqliteStateStore.OpenAsync(path, CancellationToken.None))
        {
            await store.SetAppliedAsync("f", "n-0", new NodeSpecRecord("geth", "1", null, "s", 1, new Dictionary<string, string>()), 1, CancellationToken.None);
        }
        await using var again = await SqliteStateStore.OpenAsync(path, CancellationToken.None);
        Assert.Equal(7, again.SchemaVersion);
        await using (var plan = new Microsoft.Data.Sqlite.SqliteConnection($"Data Source={path};Mode=ReadOnly"))
        {
            await plan.OpenAsync();
            await using var explain = plan.CreateCommand();
            explain.CommandText = "EXPLAIN QUERY PLAN SELECT id, owner, document FROM runs WHERE result='running'";
            await using var reader = await explain.ExecuteReaderAsync();
            Assert.True(await reader.ReadAsync());
            Assert.Contains("runs_result", reader.GetString(3), StringComparison.Ordinal); // the scan at every open uses the index
        }
        var applied = await again.GetAppliedAsync("f", CancellationToken.None);
        Assert.Equal("1", applied["n-0"].Version);
        await again.SetAppliedAsync("f", "n-0", null, 2, CancellationToken.None);
        Assert.Empty(await again.GetAppliedAsync("f", CancellationToken.None));
    }

    [Fact]
    public async Task PullRequests_OneOpenPerFleet_UpdatedInPlace()
    {
        await using var store = await SqliteStateStore.OpenAsync(_temp.Combine("state.db"), CancellationToken.None);
        var now = DateTimeOffset.UtcNow;
        var pr = await store.SavePullRequestAsync(new PullRequestRecord(0, "f", "local", "gitopsfleet/drift/f", "main", "t", "b", PullRequestState.Open, "fp1", "h1", 1, now, now, null, null), CancellationToken.None);
        Assert.NotEqual(0, pr.Id);
        await store.SavePullRequestAsync(pr with { Title = "t2", Fingerprint = "fp2" }, CancellationToken.None);
        var open = await store.GetOpenPullRequestAsync("f", CancellationToken.None);
        Assert.Equal((pr.Id, "t2", "fp2"), (open!.Id, open.Title, open.Fingerprint));
        await store.SavePullRequestAsync(open with { State = PullRequestState.Closed, ClosedAt = now }, CancellationToken.None);
        Assert.Null(await store.GetOpenPullRequestAsync("f", CancellationToken.None));
        Assert.Single(await store.ListPullRequestsAsync("f", PullRequestState.Closed, CancellationToken.None));
    }

    [Fact]
    public async Task Open_RunOfAProcessThatIsGone_IsMarkedInterruptedKeepingWhatItApplied()
    {
        var path = _temp.Combine("state.db");
        var t0 = DateTimeOffset.UtcNow;
        long dead, live;
        await using (var store = await SqliteStateStore.OpenAsync(path, CancellationToken.None))
        {
            dead = await store.StartRunAsync("f", "repo", "cli", t0, CancellationToken.None);
            live = await store.StartRunAsync("f", "repo", "cli", t0, CancellationToken.None);
            await store.SetAppliedAsync("f", "n-0", new NodeSpecRecord("geth", "1", null, "s", 1, new Dictionary<string, string>()), dead, CancellationToken.None);
        }
        // Same pid, another start time: the pid was reused, so the run's process is gone.
        var gone = RunOwner.Current with { StartTime = RunOwner.Current.StartTime + 1 };
        await ExecAsync(path, $"UPDATE runs SET owner='{gone.ToJson()}' WHERE id={dead}");

        await using var again = await SqliteStateStore.OpenAsync(path, CancellationToken.None);

        var interrupted = await again.GetRunAsync(dead, CancellationToken.None);
        Assert.Equal("interrupted", interrupted!.Result);
        Assert.Contains("1 node(s) applied", interrupted.Summary, StringComparison.Ordinal);
        Assert.Equal("n-0", interrupted.Document["interrupted"]!["applied"]![0]!.GetValue<string>());
        Assert.Equal("running", (await again.GetRunAsync(live, CancellationToken.None))!.Result);
    }

    [Theory]
    [InlineData("empty", "the file is empty")]
    [InlineData("garbage", "not an SQLite database")]
    public async Task Open_DamagedFile_IsRefusedWithThePathAndTheRemedy_AndLeftAsItWas(string damage, string problem)
    {
        var path = _temp.Combine("state.db");
        await using (var store = await SqliteStateStore.OpenAsync(path, CancellationToken.None))
        {
            await store.StartRunAsync("f", "repo", "cli", DateTimeOffset.UtcNow, CancellationToken.None);
        }
        await File.WriteAllTextAsync(path, damage == "empty" ? "" : new string('x', 8192));
        var before = await File.ReadAllBytesAsync(path);

        var ex = await Assert.ThrowsAsync<StateStoreDamagedException>(() => SqliteStateStore.OpenAsync(path, CancellationToken.None));

        Assert.Contains(path, ex.Message, StringComparison.Ordinal);
        Assert.Contains(problem, ex.Message, StringComparison.Ordinal);
        Assert.Contains("gitopsfleet state restore FILE", ex.Message, StringComparison.Ordinal);
        Assert.Equal(before, await File.ReadAllBytesAsync(path));
    }

    [Fact]
    public async Task Open_DatabaseWithoutTheSchemaTables_IsRefused()
    {
        var path = _temp.Combine("state.db");
        await ExecAsync(path, "CREATE TABLE other (x INTEGER)");

        var ex = await Assert.ThrowsAsync<StateStoreDamagedException>(() => SqliteStateStore.OpenAsync(path, CancellationToken.None));

        Assert.Contains("missing table(s) schema_version, runs", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Close_AfterTheFileWasEmptied_DoesNotWriteTheLogIntoIt()
    {
        var path = _temp.Combine("state.db");
        var store = await SqliteStateStore.OpenAsync(path, CancellationToken.None);
        await store.StartRunAsync("f", "repo", "cli", DateTimeOffset.UtcNow, CancellationToken.None);
        await using (var truncate = new FileStream(path, FileMode.Open, FileAccess.Write, FileShare.ReadWrite)) truncate.SetLength(0);

        await store.DisposeAsync();

        Assert.Equal(0, new FileInfo(path).Length);
        Assert.True(new FileInfo(path + "-wal").Length > 0);
    }

    [Fact]
    public async Task ProbeWrite_WhileAnotherConnectionHoldsAnExclusiveLock_Fails()
    {
        var path = _temp.Combine("state.db");
        await using var store = await SqliteStateStore.OpenAsync(path, CancellationToken.None);
        await store.ProbeWriteAsync(CancellationToken.None);
        await using var other = new SqliteConnection($"Data Source={path};Pooling=False");
        await other.OpenAsync();
        await using (var begin = other.CreateCommand())
        {
            begin.CommandText = "BEGIN EXCLUSIVE";
            await begin.ExecuteNonQueryAsync();
        }

        var ex = await Assert.ThrowsAsync<SqliteException>(() => store.ProbeWriteAsync(CancellationToken.None));
        Assert.Equal(5, ex.SqliteErrorCode); // SQLITE_BUSY

        await using (var rollback = other.CreateCommand())
        {
            rollback.CommandText = "ROLLBACK";
            await rollback.ExecuteNonQueryAsync();
        }
        await store.ProbeWriteAsync(CancellationToken.None);
    }

    [Fact]
    public async Task BackupThenRestore_OverAnEmptiedFile_BringsTheRunsBack_AndKeepsTheReplacedFile()
    {
        var path = _temp.Combine("state.db");
        var backup = _temp.Combine("backup.db");
        long id;
        await using (var store = await SqliteStateStore.OpenAsync(path, CancellationToken.None))
        {
            id = await store.StartRunAsync("f", "repo", "cli", DateTimeOffset.UtcNow, CancellationToken.None);
            await store.BackupAsync(backup, CancellationToken.None);
        }
        await File.WriteAllTextAsync(path, "");

        var aside = await SqliteStateStore.RestoreAsync(backup, path, DateTimeOffset.UtcNow, CancellationToken.None);

        Assert.NotNull(aside);
        Assert.Equal(0, new FileInfo(aside).Length);
        await using var restored = await SqliteStateStore.OpenAsync(path, CancellationToken.None);
        Assert.NotNull(await restored.GetRunAsync(id, CancellationToken.None));
    }

    [Fact]
    public async Task Restore_WhileAServiceHoldsALease_IsRefusedAndChangesNothing()
    {
        var path = _temp.Combine("state.db");
        var backup = _temp.Combine("backup.db");
        await using (var store = await SqliteStateStore.OpenAsync(path, CancellationToken.None))
        {
            await store.BackupAsync(backup, CancellationToken.None);
        }
        await using var store2 = await SqliteStateStore.OpenAsync(path, CancellationToken.None);
        await using var leases = await GitOpsFleet.Reconciler.State.Leases.SqliteLeaseStore.OpenAsync(path, TimeProvider.System, CancellationToken.None);
        Assert.True((await leases.TryAcquireAsync("f", "replica-1", TimeSpan.FromMinutes(1), CancellationToken.None)).Acquired);

        var ex = await Assert.ThrowsAsync<InvalidOperationException>(() => SqliteStateStore.RestoreAsync(backup, path, DateTimeOffset.UtcNow, CancellationToken.None));

        Assert.Contains("replica-1", ex.Message, StringComparison.Ordinal);
        Assert.Empty(Directory.GetFiles(_temp.Path, "state.db.replaced-*"));
    }

    [Fact]
    public async Task ExpiredLease_TakenOver_SaysWhoseItWas_AndOnlyTheDeadHoldersRunIsInterrupted()
    {
        var path = _temp.Combine("state.db");
        var time = new Microsoft.Extensions.Time.Testing.FakeTimeProvider(DateTimeOffset.UtcNow);
        await using var store = await SqliteStateStore.OpenAsync(path, time, CancellationToken.None);
        await using var leases = await GitOpsFleet.Reconciler.State.Leases.SqliteLeaseStore.OpenAsync(path, time, CancellationToken.None);
        var dead = await store.StartRunAsync("f", "repo", "schedule", time.GetUtcNow(), CancellationToken.None);
        var live = await store.StartRunAsync("f", "repo", "schedule", time.GetUtcNow(), CancellationToken.None);
        // A process of this machine that is gone: same host and boot, a pid and start time no process has.
        var gone = RunOwner.Current with { Pid = 4_000_000, StartTime = 1 };
        await ExecAsync(path, $"UPDATE runs SET owner='{gone.ToJson()}' WHERE id={dead}");

        Assert.Equal(new(true, null), await leases.TryAcquireAsync("f", "replica-1", TimeSpan.FromSeconds(5), CancellationToken.None));
        Assert.False((await leases.TryAcquireAsync("f", "replica-2", TimeSpan.FromSeconds(5), CancellationToken.None)).Acquired);
        time.Advance(TimeSpan.FromSeconds(6));
        var grant = await leases.TryAcquireAsync("f", "replica-2", TimeSpan.FromSeconds(5), CancellationToken.None);
        Assert.Equal(new(true, "replica-1"), grant);
        // Renewing one's own lease is no takeover.
        Assert.Equal(new(true, null), await leases.TryAcquireAsync("f", "replica-2", TimeSpan.FromSeconds(5), CancellationToken.None));

        Assert.Equal(1, await store.InterruptRunsOfExpiredLeaseAsync("f", "replica-1", CancellationToken.None));
        var marked = await store.GetRunAsync(dead, CancellationToken.None);
        Assert.Equal("interrupted", marked!.Result);
        Assert.Contains("replica replica-1", marked.Summary, StringComparison.Ordinal);
        Assert.Equal(time.GetUtcNow(), marked.FinishedAt);
        Assert.Equal("replica-1", marked.Document["interrupted"]?["holder"]?.GetValue<string>());
        Assert.Equal("running", (await store.GetRunAsync(live, CancellationToken.None))!.Result);
    }

    private static async Task ExecAsync(string path, string sql)
    {
        await using var connection = new SqliteConnection($"Data Source={path};Pooling=False");
        await connection.OpenAsync();
        await using var cmd = connection.CreateCommand();
        cmd.CommandText = sql;
        await cmd.ExecuteNonQueryAsync();
    }

    public void Dispose() => _temp.Dispose();
}
