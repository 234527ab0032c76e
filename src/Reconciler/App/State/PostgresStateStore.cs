using System.Text.Json;
using System.Text.Json.Nodes;
using GitOpsFleet.Reconciler.Planning;
using GitOpsFleet.Reconciler.State.Leases;
using Npgsql;
using NpgsqlTypes;

namespace GitOpsFleet.Reconciler.State;

/// <summary>
/// The state store on PostgreSQL, shared by every replica. Migrations are versioned like SQLite's and run at
/// open under an advisory lock, so replicas starting together migrate once. Also holds the per-fleet leases.
/// </summary>
public sealed partial class PostgresStateStore : IStateStore, ILeaseStore
{
    // Any 64-bit number; it only has to be the same in every replica.
    private const long MigrationLockKey = 0x6769746f7073;
    private readonly NpgsqlDataSource _dataSource;

    private PostgresStateStore(NpgsqlDataSource dataSource) => _dataSource = dataSource;

    public static async Task<PostgresStateStore> OpenAsync(string connectionString, CancellationToken cancellationToken)
    {
        var store = new PostgresStateStore(NpgsqlDataSource.Create(connectionString));
        try
        {
            await store.MigrateAsync(cancellationToken);
            await store.InterruptOrphanedRunsAsync(cancellationToken);
        }
        catch
        {
            await store.DisposeAsync();
            throw;
        }
        return store;
    }

    public int SchemaVersion { get; private set; }

    public async Task MigrateAsync(CancellationToken cancellationToken)
    {
        await using var conn = await _dataSource.OpenConnectionAsync(cancellationToken);
        await using var tx = await conn.BeginTransactionAsync(cancellationToken);
        await Exec(conn, tx, $"SELECT pg_advisory_xact_lock({MigrationLockKey})", cancellationToken);
        await Exec(conn, tx, "CREATE TABLE IF NOT EXISTS gof_schema_version (version INTEGER NOT NULL)", cancellationToken);
        await using (var cmd = new NpgsqlCommand("SELECT COALESCE(MAX(version), 0) FROM gof_schema_version", conn, tx))
        {
            var current = Convert.ToInt32(await cmd.ExecuteScalarAsync(cancellationToken), System.Globalization.CultureInfo.InvariantCulture);
            for (var v = current; v < Migrations.Length; v++)
            {
                await Exec(conn, tx, Migrations[v], cancellationToken);
                await Exec(conn, tx, $"INSERT INTO gof_schema_version(version) VALUES ({v + 1})", cancellationToken);
            }
        }
        await tx.CommitAsync(cancellationToken);
        SchemaVersion = Migrations.Length;
    }

    public async Task<long> StartRunAsync(string fleet, string repository, string trigger, DateTimeOffset startedAt, CancellationToken cancellationToken)
    {
        await using var cmd = _dataSource.CreateCommand("INSERT INTO gof_runs(fleet, repository, trigger, started_at, result, summary, document, owner) VALUES ($1, $2, $3, $4, 'running', '', '{}', $5) RETURNING id");
        cmd.Parameters.Add(new() { Value = fleet });
        cmd.Parameters.Add(new() { Value = repository });
        cmd.Parameters.Add(new() { Value = trigger });
        cmd.Parameters.Add(new() { Value = startedAt.ToUniversalTime() });
        cmd.Parameters.Add(new() { Value = RunOwner.Current.ToJson() });
        return (long)(await cmd.ExecuteScalarAsync(cancellationToken))!;
    }

    public async Task FinishRunAsync(RunRecord run, CancellationToken cancellationToken)
    {
        await using var cmd = _dataSource.CreateCommand("UPDATE gof_runs SET fleet=$1, commit_sha=$2, finished_at=$3, result=$4, summary=$5, document=$6 WHERE id=$7");
        cmd.Parameters.Add(new() { Value = run.Fleet });
        cmd.Parameters.Add(new() { Value = (object?)run.Commit ?? DBNull.Value, NpgsqlDbType = NpgsqlDbType.Text });
        cmd.Parameters.Add(new() { Value = run.FinishedAt is { } f ? f.ToUniversalTime() : DBNull.Value, NpgsqlDbType = NpgsqlDbType.TimestampTz });
        cmd.Parameters.Add(new() { Value = run.Result });
        cmd.Parameters.Add(new() { Value = run.Summary });
        cmd.Parameters.Add(new() { Value = run.Document.ToJsonString(), NpgsqlDbType = NpgsqlDbType.Jsonb });
        cmd.Parameters.Add(new() { Value = run.Id });
        await cmd.ExecuteNonQueryAsync(cancellationToken);
    }

    public async Task<IReadOnlyList<RunRecord>> ListRunsAsync(string? fleet, string? result, int limit, int offset, CancellationToken cancellationToken)
    {
        await using var cmd = _dataSource.CreateCommand(
            "SELECT id, fleet, repository, commit_sha, trigger, started_at, finished_at, result, summary, '{}'::text FROM gof_runs WHERE ($1::text IS NULL OR fleet=$1) AND ($2::text IS NULL OR result=$2) ORDER BY id DESC LIMIT $3 OFFSET $4");
        cmd.Parameters.Add(new() { Value = (object?)fleet ?? DBNull.Value, NpgsqlDbType = NpgsqlDbType.Text });
        cmd.Parameters.Add(new() { Value = (object?)result ?? DBNull.Value, NpgsqlDbType = NpgsqlDbType.Text });
        cmd.Parameters.Add(new() { Value = limit });
        cmd.Parameters.Add(new() { Value = offset });
        return await ReadRuns(cmd, cancellationToken);
    }

    public async Task<IReadOnlyList<string>> ListFleetsOfSourceAsync(string repository, string path, CancellationToken cancellationToken)
    {
        // Only runs that loaded a fleet record its folder (fleetPath); the others are named after the repository.
        await using var cmd = _dataSource.CreateCommand(
            "SELECT fleet FROM gof_runs WHERE repository=$1 AND document->>'fleetPath'=$2 GROUP BY fleet ORDER BY MAX(id) DESC");
        cmd.Parameters.Add(new() { Value = repository, NpgsqlDbType = NpgsqlDbType.Text });
        cmd.Parameters.Add(new() { Value = path, NpgsqlDbType = NpgsqlDbType.Text });
        var names = new List<string>();
        await using var reader = await cmd.ExecuteReaderAsync(cancellationToken);
        while (await reader.ReadAsync(cancellationToken)) names.Add(reader.GetString(0));
        return names;
    }

    public async Task<RunRecord?> GetRunAsync(long id, CancellationToken cancellationToken)
    {
        await using var cmd = _dataSource.CreateCommand("SELECT id, fleet, repository, commit_sha, trigger, started_at, finished_at, result, summary, document::text FROM gof_runs WHERE id=$1");
        cmd.Parameters.Add(new() { Value = id });
        return (await ReadRuns(cmd, cancellationToken)).FirstOrDefault();
    }

    public async Task<IReadOnlyDictionary<string, NodeSpecRecord>> GetAppliedAsync(string fleet, CancellationToken cancellationToken)
    {
        await using var cmd = _dataSource.CreateCommand("SELECT node, spec::text FROM gof_applied WHERE fleet=$1");
        cmd.Parameters.Add(new() { Value = fleet });
        var result = new Dictionary<string, NodeSpecRecord>(StringComparer.Ordinal);
        await using var reader = await cmd.ExecuteReaderAsync(cancellationToken);
        while (await reader.ReadAsync(cancellationToken)) result[reader.GetString(0)] = JsonSerializer.Deserialize<NodeSpecRecord>(reader.GetString(1))!;
        return result;
    }

    public async Task SetAppliedAsync(string fleet, string node, NodeSpecRecord? spec, long runId, CancellationToken cancellationToken)
    {
        await using var cmd = spec is null
            ? _dataSource.CreateCommand("DELETE FROM gof_applied WHERE fleet=$1 AND node=$2")
            : _dataSource.CreateCommand("INSERT INTO gof_applied(fleet, node, spec, run_id) VALUES ($1, $2, $3, $4) ON CONFLICT (fleet, node) DO UPDATE SET spec=excluded.spec, run_id=excluded.run_id");
        cmd.Parameters.Add(new() { Value = fleet });
        cmd.Parameters.Add(new() { Value = node });
        if (spec is not null)
        {
            cmd.Parameters.Add(new() { Value = JsonSerializer.Serialize(spec), NpgsqlDbType = NpgsqlDbType.Jsonb });
            cmd.Parameters.Add(new() { Value = runId });
        }
        await cmd.ExecuteNonQueryAsync(cancellationToken);
    }

    public async Task<PullRequestRecord?> GetOpenPullRequestAsync(string fleet, CancellationToken cancellationToken) =>
        (await QueryPullRequests("WHERE fleet=$1 AND state='Open' ORDER BY id DESC LIMIT 1", fleet, cancellationToken)).FirstOrDefault();

    public async Task<PullRequestRecord?> GetLatestPullRequestAsync(string fleet, CancellationToken cancellationToken) =>
        (await QueryPullRequests("WHERE fleet=$1 ORDER BY id DESC LIMIT 1", fleet, cancellationToken)).FirstOrDefault();

    public Task<IReadOnlyList<PullRequestRecord>> ListPullRequestsAsync(string? fleet, PullRequestState? state, CancellationToken cancellationToken) =>
        QueryPullRequests($"WHERE ($1::text IS NULL OR fleet=$1) {(state is { } s ? $"AND state='{s}'" : "")} ORDER BY id DESC", fleet, cancellationToken);

    public async Task<PullRequestRecord> SavePullRequestAsync(PullRequestRecord pr, CancellationToken cancellationToken)
    {
        await using var cmd = pr.Id == 0
            ? _dataSource.CreateCommand("""
                INSERT INTO gof_pull_requests(title, body, state, fingerprint, head_commit, run_id, updated_at, closed_at, url, fleet, forge, branch, base_ref, created_at)
                VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14) RETURNING id
                """)
            : _dataSource.CreateCommand("""
                UPDATE gof_pull_requests SET title=$1, body=$2, state=$3, fingerprint=$4, head_commit=$5, run_id=$6, updated_at=$7, closed_at=$8, url=$9
                WHERE id=$10 RETURNING id
                """);
        cmd.Parameters.Add(new() { Value = pr.Title });
        cmd.Parameters.Add(new() { Value = pr.Body });
        cmd.Parameters.Add(new() { Value = pr.State.ToString() });
        cmd.Parameters.Add(new() { Value = pr.Fingerprint });
        cmd.Parameters.Add(new() { Value = (object?)pr.HeadCommit ?? DBNull.Value, NpgsqlDbType = NpgsqlDbType.Text });
        cmd.Parameters.Add(new() { Value = (object?)pr.RunId ?? DBNull.Value, NpgsqlDbType = NpgsqlDbType.Bigint });
        cmd.Parameters.Add(new() { Value = pr.UpdatedAt.ToUniversalTime() });
        cmd.Parameters.Add(new() { Value = pr.ClosedAt is { } c ? c.ToUniversalTime() : DBNull.Value, NpgsqlDbType = NpgsqlDbType.TimestampTz });
        cmd.Parameters.Add(new() { Value = (object?)pr.Url ?? DBNull.Value, NpgsqlDbType = NpgsqlDbType.Text });
        if (pr.Id != 0)
        {
            cmd.Parameters.Add(new() { Value = pr.Id });
        }
        else
        {
            cmd.Parameters.Add(new() { Value = pr.Fleet });
            cmd.Parameters.Add(new() { Value = pr.Forge });
            cmd.Parameters.Add(new() { Value = pr.Branch });
            cmd.Parameters.Add(new() { Value = pr.BaseRef });
            cmd.Parameters.Add(new() { Value = pr.CreatedAt.ToUniversalTime() });
        }
        var id = await cmd.ExecuteScalarAsync(cancellationToken) ?? throw new InvalidOperationException($"pull request {pr.Id} of {pr.Fleet} does not exist");
        return pr with { Id = (long)id };
    }

    async Task<LeaseGrant> ILeaseStore.TryAcquireAsync(string fleet, string holder, TimeSpan duration, CancellationToken cancellationToken)
    {
        // The server's clock decides expiry, so replicas with skewed clocks still agree. The row as it was before this
        // statement says whose expired lease is replaced; a racing replica whose upsert loses returns no row at all.
        await using var cmd = _dataSource.CreateCommand("""
            WITH before AS (SELECT holder FROM gof_leases WHERE fleet=$1 AND holder<>$2 AND expires_at < now())
            INSERT INTO gof_leases(fleet, holder, expires_at) VALUES ($1, $2, now() + $3)
            ON CONFLICT (fleet) DO UPDATE SET holder=excluded.holder, expires_at=excluded.expires_at
            WHERE gof_leases.holder=excluded.holder OR gof_leases.expires_at < now()
            RETURNING (SELECT holder FROM before)
            """);
        cmd.Parameters.Add(new() { Value = fleet });
        cmd.Parameters.Add(new() { Value = holder });
        cmd.Parameters.Add(new() { Value = duration });
        await using var reader = await cmd.ExecuteReaderAsync(cancellationToken);
        if (!await reader.ReadAsync(cancellationToken)) return LeaseGrant.Refused;
        return new LeaseGrant(true, reader.IsDBNull(0) ? null : reader.GetString(0));
    }

    public async Task<bool> RenewAsync(string fleet, string holder, TimeSpan duration, CancellationToken cancellationToken)
    {
        await using var cmd = _dataSource.CreateCommand("UPDATE gof_leases SET expires_at=now() + $3 WHERE fleet=$1 AND holder=$2");
        cmd.Parameters.Add(new() { Value = fleet });
        cmd.Parameters.Add(new() { Value = holder });
        cmd.Parameters.Add(new() { Value = duration });
        return await cmd.ExecuteNonQueryAsync(cancellationToken) > 0;
    }

    public async Task ReleaseAsync(string fleet, string holder, CancellationToken cancellationToken)
    {
        await using var cmd = _dataSource.CreateCommand("DELETE FROM gof_leases WHERE fleet=$1 AND holder=$2");
        cmd.Parameters.Add(new() { Value = fleet });
        cmd.Parameters.Add(new() { Value = holder });
        await cmd.ExecuteNonQueryAsync(cancellationToken);
    }

    public async Task ProbeWriteAsync(CancellationToken cancellationToken)
    {
        await using var cmd = _dataSource.CreateCommand("INSERT INTO gof_heartbeat(id, at) VALUES (1, now()) ON CONFLICT (id) DO UPDATE SET at=excluded.at");
        await cmd.ExecuteNonQueryAsync(cancellationToken);
    }

    /// <summary>
    /// Marks runs left running by a process of this machine that is gone as interrupted. Runs owned by other
    /// machines of a cluster are left alone here: a pid cannot be checked from here. They are marked when another
    /// replica takes over the fleet's expired lease (<see cref="InterruptRunsOfExpiredLeaseAsync"/>).
    /// </summary>
    public Task<int> InterruptOrphanedRunsAsync(CancellationToken cancellationToken) =>
        InterruptAsync(null, null, owner => owner is not null && owner.IsGone(), cancellationToken);

    public Task<int> InterruptRunsOfExpiredLeaseAsync(string fleet, string holder, CancellationToken cancellationToken) =>
        InterruptAsync(fleet, holder, owner => owner is null || owner.IsGoneOrElsewhere(), cancellationToken);

    private async Task<int> InterruptAsync(string? fleet, string? holder, Func<RunOwner?, bool> gone, CancellationToken cancellationToken)
    {
        var orphans = new List<(long Id, RunOwner? Owner)>();
        await using (var select = _dataSource.CreateCommand("SELECT id, owner FROM gof_runs WHERE result='running' AND ($1::text IS NULL OR fleet=$1)"))
        {
            select.Parameters.Add(new() { Value = (object?)fleet ?? DBNull.Value, NpgsqlDbType = NpgsqlDbType.Text });
            await using var r = await select.ExecuteReaderAsync(cancellationToken);
            while (await r.ReadAsync(cancellationToken))
            {
                var owner = RunOwner.FromJson(r.IsDBNull(1) ? null : r.GetString(1));
                if (gone(owner)) orphans.Add((r.GetInt64(0), owner));
            }
        }
        foreach (var (id, owner) in orphans)
        {
            var why = RunOwner.InterruptionReason(owner, holder);
            // The document gains what the run applied before it stopped (its applied records), as on SQLite; a run marked
            // when its lease was taken over also gets an end, so it never looks as if it overlapped the next one.
            await using var update = _dataSource.CreateCommand("""
                UPDATE gof_runs SET result='interrupted',
                    summary='interrupted: ' || $1 || '; ' || (SELECT count(*) FROM gof_applied WHERE run_id=$2) || ' node(s) applied before it stopped',
                    finished_at=CASE WHEN $3::text IS NULL THEN finished_at ELSE COALESCE(finished_at, now()) END,
                    document=document || jsonb_build_object('result', 'interrupted', 'error', $1::text, 'interrupted', jsonb_build_object(
                        'at', now(), 'owner', owner, 'holder', $3::text,
                        'applied', COALESCE((SELECT jsonb_agg(node ORDER BY node) FROM gof_applied WHERE run_id=$2), '[]'::jsonb)))
                WHERE id=$2 AND result='running'
                """);
            update.Parameters.Add(new() { Value = why, NpgsqlDbType = NpgsqlDbType.Text });
            update.Parameters.Add(new() { Value = id });
            update.Parameters.Add(new() { Value = (object?)holder ?? DBNull.Value, NpgsqlDbType = NpgsqlDbType.Text });
            await update.ExecuteNonQueryAsync(cancellationToken);
        }
        return orphans.Count;
    }

    public ValueTask DisposeAsync() => _dataSource.DisposeAsync();

    private async Task<IReadOnlyList<PullRequestRecord>> QueryPullRequests(string where, string? fleet, CancellationToken cancellationToken)
    {
        await using var cmd = _dataSource.CreateCommand("SELECT id, fleet, forge, branch, base_ref, title, body, state, fingerprint, head_commit, run_id, created_at, updated_at, closed_at, url FROM gof_pull_requests " + where);
        cmd.Parameters.Add(new() { Value = (object?)fleet ?? DBNull.Value, NpgsqlDbType = NpgsqlDbType.Text });
        var list = new List<PullRequestRecord>();
        await using var r = await cmd.ExecuteReaderAsync(cancellationToken);
        while (await r.ReadAsync(cancellationToken))
        {
            list.Add(new PullRequestRecord(
                r.GetInt64(0), r.GetString(1), r.GetString(2), r.GetString(3), r.GetString(4), r.GetString(5), r.GetString(6),
                Enum.Parse<PullRequestState>(r.GetString(7)), r.GetString(8), r.IsDBNull(9) ? null : r.GetString(9),
                r.IsDBNull(10) ? null : r.GetInt64(10), Time(r.GetDateTime(11)), Time(r.GetDateTime(12)),
                r.IsDBNull(13) ? null : Time(r.GetDateTime(13)), r.IsDBNull(14) ? null : r.GetString(14)));
        }
        return list;
    }

    private static async Task<IReadOnlyList<RunRecord>> ReadRuns(NpgsqlCommand cmd, CancellationToken cancellationToken)
    {
        var list = new List<RunRecord>();
        await using var r = await cmd.ExecuteReaderAsync(cancellationToken);
        while (await r.ReadAsync(cancellationToken))
        {
            list.Add(new RunRecord(
                r.GetInt64(0), r.GetString(1), r.GetString(2), r.IsDBNull(3) ? null : r.GetString(3), r.GetString(4),
                Time(r.GetDateTime(5)), r.IsDBNull(6) ? null : Time(r.GetDateTime(6)), r.GetString(7), r.GetString(8),
                JsonNode.Parse(r.GetString(9)) as JsonObject ?? new JsonObject()));
        }
        return list;
    }

    private static DateTimeOffset Time(DateTime utc) => new(DateTime.SpecifyKind(utc, DateTimeKind.Utc));

    private static async Task Exec(NpgsqlConnection conn, NpgsqlTransaction tx, string sql, CancellationToken cancellationToken)
    {
        await using var cmd = new NpgsqlCommand(sql, conn, tx);
        await cmd.ExecuteNonQueryAsync(cancellationToken);
    }
}
