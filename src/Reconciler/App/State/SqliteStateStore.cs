using System.Globalization;
using System.Text.Json;
using System.Text.Json.Nodes;
using GitOpsFleet.Reconciler.Planning;
using Microsoft.Data.Sqlite;

namespace GitOpsFleet.Reconciler.State;

/// <summary>The default state store: one SQLite file under the state home. Migrations are versioned and run at open.</summary>
public sealed partial class SqliteStateStore : IStateStore
{
    private readonly SqliteConnection _connection;
    private readonly SemaphoreSlim _gate = new(1, 1);

    // Each entry moves the schema one version forward; never edit a shipped entry, append a new one.
    private static readonly string[] Migrations =
    [
        """
        CREATE TABLE runs (
            id INTEGER PRIMARY KEY AUTOINCREMENT,
            fleet TEXT NOT NULL,
            repository TEXT NOT NULL,
            commit_sha TEXT NULL,
            trigger TEXT NOT NULL,
            started_at TEXT NOT NULL,
            finished_at TEXT NULL,
            result TEXT NOT NULL,
            summary TEXT NOT NULL,
            document TEXT NOT NULL);
        CREATE INDEX runs_fleet ON runs(fleet, id);
        CREATE TABLE applied (
            fleet TEXT NOT NULL,
            node TEXT NOT NULL,
            spec TEXT NOT NULL,
            run_id INTEGER NOT NULL,
            PRIMARY KEY (fleet, node));
        CREATE TABLE pull_requests (
            id INTEGER PRIMARY KEY AUTOINCREMENT,
            fleet TEXT NOT NULL,
            forge TEXT NOT NULL,
            branch TEXT NOT NULL,
            base_ref TEXT NOT NULL,
            title TEXT NOT NULL,
            body TEXT NOT NULL,
            state TEXT NOT NULL,
            fingerprint TEXT NOT NULL,
            head_commit TEXT NULL,
            run_id INTEGER NULL,
            created_at TEXT NOT NULL,
            updated_at TEXT NOT NULL,
            closed_at TEXT NULL,
            url TEXT NULL);
        CREATE INDEX pull_requests_fleet ON pull_requests(fleet, state);
        """,
        // The process that runs a run, so a later start can tell a killed run from a live one.
        // The heartbeat row is what readiness writes to prove the store still takes writes.
        """
        ALTER TABLE runs ADD COLUMN owner TEXT NULL;
        CREATE TABLE store_heartbeat (id INTEGER PRIMARY KEY CHECK (id = 1), at TEXT NOT NULL);
        """,
        // Every open looks for runs left running, and runs are listed by result: without an index both read every
        // run (PostgreSQL has had gof_runs_result from the start).
        """
        CREATE INDEX runs_result ON runs(result, id);
        """,
        // Decisions on plans that waited for a person (issue 26).
        """
        CREATE TABLE approvals (
            id INTEGER PRIMARY KEY AUTOINCREMENT,
            run_id INTEGER NOT NULL,
            fleet TEXT NOT NULL,
            fingerprint TEXT NOT NULL,
            approver TEXT NOT NULL,
            reason TEXT NULL,
            decision TEXT NOT NULL,
            decided_at TEXT NOT NULL);
        CREATE INDEX approvals_fleet ON approvals(fleet, id);
        """,
        // Named, scoped API tokens (only their SHA-256) and the audit log of who changed what (issue 27).
        """
        CREATE TABLE api_tokens (
            name TEXT PRIMARY KEY,
            hash TEXT NOT NULL UNIQUE,
            scopes TEXT NOT NULL,
            created_at TEXT NOT NULL,
            created_by TEXT NOT NULL,
            revoked_at TEXT NULL);
        CREATE TABLE audit (
            id INTEGER PRIMARY KEY AUTOINCREMENT,
            at TEXT NOT NULL,
            actor TEXT NOT NULL,
            action TEXT NOT NULL,
            target TEXT NULL,
            origin TEXT NOT NULL,
            detail TEXT NULL);
        CREATE INDEX audit_at ON audit(at, id);
        """,
        // Notifications queued by runs and their delivery status (issue 27); the unique key is what delivers an event once.
        """
        CREATE TABLE notifications (
            id INTEGER PRIMARY KEY AUTOINCREMENT,
            key TEXT NOT NULL UNIQUE,
            fleet TEXT NOT NULL,
            target TEXT NOT NULL,
            kind TEXT NOT NULL,
            event TEXT NOT NULL,
            run_id INTEGER NOT NULL,
            url_from TEXT NOT NULL,
            secret_from TEXT NULL,
            payload TEXT NOT NULL,
            status TEXT NOT NULL,
            attempts INTEGER NOT NULL,
            created_at TEXT NOT NULL,
            next_attempt_at TEXT NOT NULL,
            delivered_at TEXT NULL,
            last_error TEXT NULL);
        CREATE INDEX notifications_due ON notifications(status, next_attempt_at);
        CREATE INDEX notifications_fleet ON notifications(fleet, id);
        """,
        // Every run looks for its fleet's former names by repository: without an index that read every run's document
        // (issue 32: most of an unchanged service run's CPU once the table held a few thousand runs).
        """
        CREATE INDEX runs_repository ON runs(repository, fleet);
        """,
    ];

    private SqliteStateStore(SqliteConnection connection) => _connection = connection;

    public int SchemaVersion { get; private set; }

    public async Task MigrateAsync(CancellationToken cancellationToken)
    {
        await _gate.WaitAsync(cancellationToken);
        try
        {
            await using var tx = (SqliteTransaction)await _connection.BeginTransactionAsync(cancellationToken);
            await Exec("CREATE TABLE IF NOT EXISTS schema_version (version INTEGER NOT NULL)", tx, cancellationToken);
            var current = Convert.ToInt32(await Scalar("SELECT COALESCE(MAX(version), 0) FROM schema_version", tx, cancellationToken), CultureInfo.InvariantCulture);
            for (var v = current; v < Migrations.Length; v++)
            {
                await Exec(Migrations[v], tx, cancellationToken);
                await Exec($"INSERT INTO schema_version(version) VALUES ({v + 1})", tx, cancellationToken);
            }
            await tx.CommitAsync(cancellationToken);
            SchemaVersion = Migrations.Length;
        }
        finally
        {
            _gate.Release();
        }
    }

    public Task<long> StartRunAsync(string fleet, string repository, string trigger, DateTimeOffset startedAt, CancellationToken cancellationToken) =>
        Locked(async () =>
        {
            await using var cmd = _connection.CreateCommand();
            cmd.CommandText = "INSERT INTO runs(fleet, repository, trigger, started_at, result, summary, document, owner) VALUES ($f, $r, $t, $s, 'running', '', '{}', $o); SELECT last_insert_rowid();";
            cmd.Parameters.AddWithValue("$o", RunOwner.Current.ToJson());
            cmd.Parameters.AddWithValue("$f", fleet);
            cmd.Parameters.AddWithValue("$r", repository);
            cmd.Parameters.AddWithValue("$t", trigger);
            cmd.Parameters.AddWithValue("$s", Time(startedAt));
            return (long)(await cmd.ExecuteScalarAsync(cancellationToken))!;
        }, cancellationToken);

    public Task FinishRunAsync(RunRecord run, CancellationToken cancellationToken) =>
        Locked(async () =>
        {
            await using var cmd = _connection.CreateCommand();
            cmd.CommandText = "UPDATE runs SET fleet=$fl, commit_sha=$c, finished_at=$e, result=$res, summary=$sum, document=$doc WHERE id=$id";
            cmd.Parameters.AddWithValue("$fl", run.Fleet);
            cmd.Parameters.AddWithValue("$c", (object?)run.Commit ?? DBNull.Value);
            cmd.Parameters.AddWithValue("$e", run.FinishedAt is { } f ? Time(f) : DBNull.Value);
            cmd.Parameters.AddWithValue("$res", run.Result);
            cmd.Parameters.AddWithValue("$sum", run.Summary);
            cmd.Parameters.AddWithValue("$doc", run.Document.ToJsonString());
            cmd.Parameters.AddWithValue("$id", run.Id);
            await cmd.ExecuteNonQueryAsync(cancellationToken);
            return 0;
        }, cancellationToken);

    public Task<IReadOnlyList<RunRecord>> ListRunsAsync(string? fleet, string? result, int limit, int offset, CancellationToken cancellationToken) =>
        Locked(async () =>
        {
            await using var cmd = _connection.CreateCommand();
            cmd.CommandText = "SELECT id, fleet, repository, commit_sha, trigger, started_at, finished_at, result, summary, '{}' FROM runs WHERE ($f IS NULL OR fleet=$f) AND ($r IS NULL OR result=$r) ORDER BY id DESC LIMIT $l OFFSET $o";
            cmd.Parameters.AddWithValue("$f", (object?)fleet ?? DBNull.Value);
            cmd.Parameters.AddWithValue("$r", (object?)result ?? DBNull.Value);
            cmd.Parameters.AddWithValue("$l", limit);
            cmd.Parameters.AddWithValue("$o", offset);
            return (IReadOnlyList<RunRecord>)await ReadRuns(cmd, cancellationToken);
        }, cancellationToken);

    public Task<IReadOnlyList<string>> ListFleetsOfSourceAsync(string repository, string path, CancellationToken cancellationToken) =>
        Locked(async () =>
        {
            await using var cmd = _connection.CreateCommand();
            // Only runs that loaded a fleet record its folder (fleetPath); the others are named after the repository.
            // Per name the repository ran under, its latest run from the folder, found walking runs_repository back from the
            // newest: that is usually the first run read, so the cost is one document per name, not one per run ever recorded.
            cmd.CommandText = """
                SELECT fleet FROM (
                    SELECT names.fleet AS fleet,
                        (SELECT r.id FROM runs r WHERE r.repository=$r AND r.fleet=names.fleet AND json_extract(r.document, '$.fleetPath')=$p
                         ORDER BY r.id DESC LIMIT 1) AS latest
                    FROM (SELECT DISTINCT fleet FROM runs WHERE repository=$r) names)
                WHERE latest IS NOT NULL ORDER BY latest DESC
                """;
            cmd.Parameters.AddWithValue("$r", repository);
            cmd.Parameters.AddWithValue("$p", path);
            var names = new List<string>();
            await using var reader = await cmd.ExecuteReaderAsync(cancellationToken);
            while (await reader.ReadAsync(cancellationToken)) names.Add(reader.GetString(0));
            return (IReadOnlyList<string>)names;
        }, cancellationToken);

    public Task<RunRecord?> GetRunAsync(long id, CancellationToken cancellationToken) =>
        Locked(async () =>
        {
            await using var cmd = _connection.CreateCommand();
            cmd.CommandText = "SELECT id, fleet, repository, commit_sha, trigger, started_at, finished_at, result, summary, document FROM runs WHERE id=$id";
            cmd.Parameters.AddWithValue("$id", id);
            return (await ReadRuns(cmd, cancellationToken)).FirstOrDefault();
        }, cancellationToken);

    public Task<IReadOnlyDictionary<string, NodeSpecRecord>> GetAppliedAsync(string fleet, CancellationToken cancellationToken) =>
        Locked(async () =>
        {
            await using var cmd = _connection.CreateCommand();
            cmd.CommandText = "SELECT node, spec FROM applied WHERE fleet=$f";
            cmd.Parameters.AddWithValue("$f", fleet);
            var result = new Dictionary<string, NodeSpecRecord>(StringComparer.Ordinal);
            await using var reader = await cmd.ExecuteReaderAsync(cancellationToken);
            while (await reader.ReadAsync(cancellationToken))
            {
                result[reader.GetString(0)] = JsonSerializer.Deserialize<NodeSpecRecord>(reader.GetString(1))!;
            }
            return (IReadOnlyDictionary<string, NodeSpecRecord>)result;
        }, cancellationToken);

    public Task SetAppliedAsync(string fleet, string node, NodeSpecRecord? spec, long runId, CancellationToken cancellationToken) =>
        Locked(async () =>
        {
            await using var cmd = _connection.CreateCommand();
            if (spec is null)
            {
                cmd.CommandText = "DELETE FROM applied WHERE fleet=$f AND node=$n";
            }
            else
            {
                cmd.CommandText = "INSERT INTO applied(fleet, node, spec, run_id) VALUES ($f, $n, $s, $r) ON CONFLICT(fleet, node) DO UPDATE SET spec=excluded.spec, run_id=excluded.run_id";
                cmd.Parameters.AddWithValue("$s", JsonSerializer.Serialize(spec));
                cmd.Parameters.AddWithValue("$r", runId);
            }
            cmd.Parameters.AddWithValue("$f", fleet);
            cmd.Parameters.AddWithValue("$n", node);
            await cmd.ExecuteNonQueryAsync(cancellationToken);
            return 0;
        }, cancellationToken);

    public Task<PullRequestRecord?> GetOpenPullRequestAsync(string fleet, CancellationToken cancellationToken) =>
        QueryPullRequests("WHERE fleet=$f AND state='Open' ORDER BY id DESC LIMIT 1", fleet, cancellationToken).ContinueWith(t => t.Result.FirstOrDefault(), cancellationToken, TaskContinuationOptions.ExecuteSynchronously, TaskScheduler.Default);

    public Task<PullRequestRecord?> GetLatestPullRequestAsync(string fleet, CancellationToken cancellationToken) =>
        QueryPullRequests("WHERE fleet=$f ORDER BY id DESC LIMIT 1", fleet, cancellationToken).ContinueWith(t => t.Result.FirstOrDefault(), cancellationToken, TaskContinuationOptions.ExecuteSynchronously, TaskScheduler.Default);

    public Task<IReadOnlyList<PullRequestRecord>> ListPullRequestsAsync(string? fleet, PullRequestState? state, CancellationToken cancellationToken) =>
        QueryPullRequests($"WHERE ($f IS NULL OR fleet=$f) {(state is { } s ? $"AND state='{s}'" : "")} ORDER BY id DESC", fleet, cancellationToken);

    public Task<PullRequestRecord> SavePullRequestAsync(PullRequestRecord pr, CancellationToken cancellationToken) =>
        Locked(async () =>
        {
            await using var cmd = _connection.CreateCommand();
            if (pr.Id == 0)
            {
                cmd.CommandText = """
                    INSERT INTO pull_requests(fleet, forge, branch, base_ref, title, body, state, fingerprint, head_commit, run_id, created_at, updated_at, closed_at, url)
                    VALUES ($fleet, $forge, $branch, $base, $title, $body, $state, $fp, $head, $run, $created, $updated, $closed, $url); SELECT last_insert_rowid();
                    """;
            }
            else
            {
                cmd.CommandText = """
                    UPDATE pull_requests SET title=$title, body=$body, state=$state, fingerprint=$fp, head_commit=$head, run_id=$run,
                    updated_at=$updated, closed_at=$closed, url=$url WHERE id=$id; SELECT $id;
                    """;
                cmd.Parameters.AddWithValue("$id", pr.Id);
            }
            cmd.Parameters.AddWithValue("$fleet", pr.Fleet);
            cmd.Parameters.AddWithValue("$forge", pr.Forge);
            cmd.Parameters.AddWithValue("$branch", pr.Branch);
            cmd.Parameters.AddWithValue("$base", pr.BaseRef);
            cmd.Parameters.AddWithValue("$title", pr.Title);
            cmd.Parameters.AddWithValue("$body", pr.Body);
            cmd.Parameters.AddWithValue("$state", pr.State.ToString());
            cmd.Parameters.AddWithValue("$fp", pr.Fingerprint);
            cmd.Parameters.AddWithValue("$head", (object?)pr.HeadCommit ?? DBNull.Value);
            cmd.Parameters.AddWithValue("$run", (object?)pr.RunId ?? DBNull.Value);
            cmd.Parameters.AddWithValue("$created", Time(pr.CreatedAt));
            cmd.Parameters.AddWithValue("$updated", Time(pr.UpdatedAt));
            cmd.Parameters.AddWithValue("$closed", pr.ClosedAt is { } c ? Time(c) : DBNull.Value);
            cmd.Parameters.AddWithValue("$url", (object?)pr.Url ?? DBNull.Value);
            var id = (long)(await cmd.ExecuteScalarAsync(cancellationToken))!;
            return pr with { Id = id };
        }, cancellationToken);

    public async ValueTask DisposeAsync()
    {
        await CloseAsync(_connection, _path);
        _gate.Dispose();
    }

    private Task<IReadOnlyList<PullRequestRecord>> QueryPullRequests(string where, string? fleet, CancellationToken cancellationToken) =>
        Locked(async () =>
        {
            await using var cmd = _connection.CreateCommand();
            cmd.CommandText = "SELECT id, fleet, forge, branch, base_ref, title, body, state, fingerprint, head_commit, run_id, created_at, updated_at, closed_at, url FROM pull_requests " + where;
            cmd.Parameters.AddWithValue("$f", (object?)fleet ?? DBNull.Value);
            var list = new List<PullRequestRecord>();
            await using var r = await cmd.ExecuteReaderAsync(cancellationToken);
            while (await r.ReadAsync(cancellationToken))
            {
                list.Add(new PullRequestRecord(
                    r.GetInt64(0), r.GetString(1), r.GetString(2), r.GetString(3), r.GetString(4), r.GetString(5), r.GetString(6),
                    Enum.Parse<PullRequestState>(r.GetString(7)), r.GetString(8), r.IsDBNull(9) ? null : r.GetString(9),
                    r.IsDBNull(10) ? null : r.GetInt64(10), Parse(r.GetString(11)), Parse(r.GetString(12)),
                    r.IsDBNull(13) ? null : Parse(r.GetString(13)), r.IsDBNull(14) ? null : r.GetString(14)));
            }
            return (IReadOnlyList<PullRequestRecord>)list;
        }, cancellationToken);

    private static async Task<List<RunRecord>> ReadRuns(SqliteCommand cmd, CancellationToken cancellationToken)
    {
        var list = new List<RunRecord>();
        await using var r = await cmd.ExecuteReaderAsync(cancellationToken);
        while (await r.ReadAsync(cancellationToken))
        {
            list.Add(new RunRecord(
                r.GetInt64(0), r.GetString(1), r.GetString(2), r.IsDBNull(3) ? null : r.GetString(3), r.GetString(4),
                Parse(r.GetString(5)), r.IsDBNull(6) ? null : Parse(r.GetString(6)), r.GetString(7), r.GetString(8),
                JsonNode.Parse(r.GetString(9)) as JsonObject ?? new JsonObject()));
        }
        return list;
    }

    // One connection serialises its commands; the gate keeps parallel apply results from interleaving.
    private async Task<T> Locked<T>(Func<Task<T>> work, CancellationToken cancellationToken)
    {
        await _gate.WaitAsync(cancellationToken);
        try
        {
            return await work();
        }
        finally
        {
            _gate.Release();
        }
    }

    private async Task Exec(string sql, SqliteTransaction tx, CancellationToken cancellationToken)
    {
        await using var cmd = _connection.CreateCommand();
        cmd.Transaction = tx;
        cmd.CommandText = sql;
        await cmd.ExecuteNonQueryAsync(cancellationToken);
    }

    private async Task<object?> Scalar(string sql, SqliteTransaction tx, CancellationToken cancellationToken)
    {
        await using var cmd = _connection.CreateCommand();
        cmd.Transaction = tx;
        cmd.CommandText = sql;
        return await cmd.ExecuteScalarAsync(cancellationToken);
    }

    private static string Time(DateTimeOffset t) => t.UtcDateTime.ToString("O", CultureInfo.InvariantCulture);

    private static DateTimeOffset Parse(string s) => DateTimeOffset.Parse(s, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal | DateTimeStyles.AdjustToUniversal);
}
