using System.Globalization;
using System.Text.Json.Nodes;
using Microsoft.Data.Sqlite;

namespace GitOpsFleet.Reconciler.State;

// Opening, checking and copying the database file, and settling runs whose process died.
public sealed partial class SqliteStateStore
{
    private static readonly string[] SchemaTables = ["schema_version", "runs", "applied", "pull_requests"];
    private static readonly byte[] Header = "SQLite format 3\0"u8.ToArray();

    private string _path = "";
    // The clock the store stamps its own rows with (interrupted runs, the heartbeat); the system clock unless the composition root gives one.
    private TimeProvider _time = TimeProvider.System;

    /// <summary>
    /// Opens the file, refusing a damaged one (<see cref="StateStoreDamagedException"/>) before anything is written to it,
    /// migrates it, and marks the runs of processes that are gone as interrupted.
    /// </summary>
    public static Task<SqliteStateStore> OpenAsync(string path, CancellationToken cancellationToken) =>
        OpenAsync(path, TimeProvider.System, cancellationToken);

    /// <summary>As above, stamping the interrupted runs and the readiness heartbeat from <paramref name="time"/> (the composition root's clock).</summary>
    public static async Task<SqliteStateStore> OpenAsync(string path, TimeProvider time, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(time);
        var full = System.IO.Path.GetFullPath(path);
        Directory.CreateDirectory(System.IO.Path.GetDirectoryName(full)!);
        var existing = File.Exists(full);
        // Opening a damaged file with WAL on would checkpoint the journal into it at close: check first.
        if (existing) CheckHeader(full);
        var connection = Connect(full);
        try
        {
            await connection.OpenAsync(cancellationToken);
            if (existing) await CheckIntegrityAsync(connection, full, cancellationToken);
            await using (var pragma = connection.CreateCommand())
            {
                pragma.CommandText = "PRAGMA journal_mode=WAL; PRAGMA busy_timeout=10000; PRAGMA foreign_keys=ON;";
                await pragma.ExecuteNonQueryAsync(cancellationToken);
            }
        }
        catch
        {
            await connection.DisposeAsync();
            throw;
        }
        var store = new SqliteStateStore(connection) { _path = full, _time = time };
        await store.MigrateAsync(cancellationToken);
        await store.InterruptOrphanedRunsAsync(time.GetUtcNow(), cancellationToken);
        return store;
    }

    /// <summary>Writes the heartbeat row with a short busy timeout: readiness fails when the file is damaged, locked or read-only.</summary>
    public Task ProbeWriteAsync(CancellationToken cancellationToken) =>
        Locked(async () =>
        {
            CheckHeader(_path);
            // In a batch after a pragma (which returns a row) the write ran as the reader was disposed, and its
            // busy error was lost: the write gets a command of its own.
            await using (var shortWait = _connection.CreateCommand())
            {
                shortWait.CommandText = "PRAGMA busy_timeout=500";
                await shortWait.ExecuteNonQueryAsync(cancellationToken);
            }
            await using var cmd = _connection.CreateCommand();
            // The provider retries a busy database for CommandTimeout seconds on top of SQLite's busy timeout: bound both.
            cmd.CommandTimeout = 1;
            cmd.CommandText = "INSERT INTO store_heartbeat(id, at) VALUES (1, $at) ON CONFLICT(id) DO UPDATE SET at=excluded.at";
            cmd.Parameters.AddWithValue("$at", Time(_time.GetUtcNow()));
            try
            {
                await cmd.ExecuteNonQueryAsync(cancellationToken);
            }
            finally
            {
                await using var reset = _connection.CreateCommand();
                reset.CommandText = "PRAGMA busy_timeout=10000";
                await reset.ExecuteNonQueryAsync(CancellationToken.None);
            }
            return 0;
        }, cancellationToken);

    /// <summary>Copies the whole database to <paramref name="destination"/> with SQLite's online backup, consistent while runs write.</summary>
    public Task BackupAsync(string destination, CancellationToken cancellationToken) =>
        Locked(async () =>
        {
            await using var target = Connect(destination);
            await target.OpenAsync(cancellationToken);
            _connection.BackupDatabase(target);
            return 0;
        }, cancellationToken);

    /// <summary>
    /// Replaces the database at <paramref name="path"/> with the backup <paramref name="source"/>. The file it replaces
    /// (maybe damaged) is moved aside, never deleted; returns where it went, or null when there was none.
    /// </summary>
    public static async Task<string?> RestoreAsync(string source, string path, DateTimeOffset now, CancellationToken cancellationToken)
    {
        var full = System.IO.Path.GetFullPath(path);
        var from = System.IO.Path.GetFullPath(source);
        CheckHeader(from);
        await using var backup = Connect(from, SqliteOpenMode.ReadOnly);
        await backup.OpenAsync(cancellationToken);
        await CheckIntegrityAsync(backup, from, cancellationToken);
        if (File.Exists(full) && await HeldLeaseAsync(full, now, cancellationToken) is { } holder)
        {
            throw new InvalidOperationException($"a service holds the state database {full} ({holder}); stop it before restoring");
        }
        string? aside = null;
        if (File.Exists(full))
        {
            aside = $"{full}.replaced-{now.UtcDateTime.ToString("yyyyMMddHHmmss", CultureInfo.InvariantCulture)}";
            File.Move(full, aside);
            foreach (var suffix in new[] { "-wal", "-shm" })
            {
                if (File.Exists(full + suffix)) File.Move(full + suffix, aside + suffix);
            }
        }
        Directory.CreateDirectory(System.IO.Path.GetDirectoryName(full)!);
        await using (var target = Connect(full))
        {
            await target.OpenAsync(cancellationToken);
            backup.BackupDatabase(target);
        }
        return aside;
    }

    /// <summary>
    /// Marks every run left running by a process that is gone as interrupted. What the run had recorded is kept,
    /// and the nodes it applied (the applied records it wrote) are added to its document.
    /// </summary>
    public Task<int> InterruptOrphanedRunsAsync(DateTimeOffset now, CancellationToken cancellationToken) =>
        InterruptAsync(null, null, owner => owner is null || owner.IsGone(), now, cancellationToken);

    public Task<int> InterruptRunsOfExpiredLeaseAsync(string fleet, string holder, CancellationToken cancellationToken) =>
        InterruptAsync(fleet, holder, owner => owner is null || owner.IsGoneOrElsewhere(), _time.GetUtcNow(), cancellationToken);

    private Task<int> InterruptAsync(string? fleet, string? holder, Func<RunOwner?, bool> gone, DateTimeOffset now, CancellationToken cancellationToken) =>
        Locked(async () =>
        {
            var orphans = new List<(long Id, RunOwner? Owner, string Document)>();
            await using (var select = _connection.CreateCommand())
            {
                select.CommandText = "SELECT id, owner, document FROM runs WHERE result='running' AND ($f IS NULL OR fleet=$f)";
                select.Parameters.AddWithValue("$f", (object?)fleet ?? DBNull.Value);
                await using var r = await select.ExecuteReaderAsync(cancellationToken);
                while (await r.ReadAsync(cancellationToken))
                {
                    // A run recorded before owners were kept has no owner to ask: it cannot still be running under this schema.
                    var owner = RunOwner.FromJson(r.IsDBNull(1) ? null : r.GetString(1));
                    if (gone(owner)) orphans.Add((r.GetInt64(0), owner, r.GetString(2)));
                }
            }
            foreach (var (id, owner, document) in orphans)
            {
                var doc = JsonNode.Parse(document) as JsonObject ?? new JsonObject();
                var applied = new JsonArray();
                await using (var nodes = _connection.CreateCommand())
                {
                    nodes.CommandText = "SELECT node FROM applied WHERE run_id=$id ORDER BY node";
                    nodes.Parameters.AddWithValue("$id", id);
                    await using var r = await nodes.ExecuteReaderAsync(cancellationToken);
                    while (await r.ReadAsync(cancellationToken)) applied.Add(r.GetString(0));
                }
                var why = RunOwner.InterruptionReason(owner, holder);
                doc["result"] = "interrupted";
                doc["error"] = why;
                doc["interrupted"] = new JsonObject { ["at"] = Time(now), ["owner"] = owner?.ToJson(), ["holder"] = holder, ["applied"] = applied };
                await using var update = _connection.CreateCommand();
                // A run marked when its lease was taken over gets an end, so it never looks as if it overlapped the next one.
                update.CommandText = "UPDATE runs SET result='interrupted', summary=$s, document=$d, finished_at=COALESCE(finished_at, $e) WHERE id=$id AND result='running'";
                update.Parameters.AddWithValue("$s", $"interrupted: {why}; {applied.Count} node(s) applied before it stopped");
                update.Parameters.AddWithValue("$d", doc.ToJsonString());
                update.Parameters.AddWithValue("$e", holder is null ? DBNull.Value : Time(now));
                update.Parameters.AddWithValue("$id", id);
                await update.ExecuteNonQueryAsync(cancellationToken);
            }
            return orphans.Count;
        }, cancellationToken);

    /// <summary>
    /// Closes a connection to <paramref name="path"/>. When the file was emptied or overwritten while open, closing
    /// would checkpoint the write-ahead log into it and leave a file that looks like a database but has lost its
    /// runs: the checkpoint is turned off so the file stays as it was and the log stays beside it for recovery.
    /// </summary>
    internal static async ValueTask CloseAsync(SqliteConnection connection, string path)
    {
        if (path.Length > 0 && connection.State == System.Data.ConnectionState.Open && !HeaderIntact(path))
        {
            SQLitePCL.raw.sqlite3_db_config(connection.Handle, SQLitePCL.raw.SQLITE_DBCONFIG_NO_CKPT_ON_CLOSE, 1, out _);
        }
        await connection.DisposeAsync();
    }

    private static bool HeaderIntact(string path)
    {
        try
        {
            CheckHeader(path);
            return true;
        }
        catch (Exception ex) when (ex is StateStoreDamagedException or IOException)
        {
            return false;
        }
    }

    private static SqliteConnection Connect(string path, SqliteOpenMode mode = SqliteOpenMode.ReadWriteCreate) =>
        new(new SqliteConnectionStringBuilder { DataSource = path, Pooling = false, Mode = mode }.ToString());

    /// <summary>An emptied or overwritten file is refused by its first bytes, before SQLite would treat it as a new database.</summary>
    private static void CheckHeader(string path)
    {
        var first = new byte[Header.Length];
        int read;
        using (var file = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.ReadWrite | FileShare.Delete))
        {
            read = file.ReadAtLeast(first, first.Length, throwOnEndOfStream: false);
        }
        if (read == 0) throw new StateStoreDamagedException(path, "the file is empty");
        if (read < Header.Length || !first.AsSpan().SequenceEqual(Header)) throw new StateStoreDamagedException(path, "the file is not an SQLite database");
    }

    private static async Task CheckIntegrityAsync(SqliteConnection connection, string path, CancellationToken cancellationToken)
    {
        var problems = new List<string>();
        var tables = new HashSet<string>(StringComparer.Ordinal);
        try
        {
            await using (var check = connection.CreateCommand())
            {
                check.CommandText = "PRAGMA quick_check";
                await using var r = await check.ExecuteReaderAsync(cancellationToken);
                while (await r.ReadAsync(cancellationToken))
                {
                    if (r.GetString(0) != "ok") problems.Add(r.GetString(0));
                }
            }
            await using (var list = connection.CreateCommand())
            {
                list.CommandText = "SELECT name FROM sqlite_master WHERE type='table'";
                await using var r = await list.ExecuteReaderAsync(cancellationToken);
                while (await r.ReadAsync(cancellationToken)) tables.Add(r.GetString(0));
            }
        }
        catch (SqliteException ex) when (ex.SqliteErrorCode is 11 or 26)
        {
            // SQLITE_CORRUPT, SQLITE_NOTADB
            throw new StateStoreDamagedException(path, ex.Message);
        }
        if (problems.Count > 0) throw new StateStoreDamagedException(path, "integrity check: " + string.Join("; ", problems.Take(3)));
        var missing = SchemaTables.Where(t => !tables.Contains(t)).ToList();
        if (missing.Count > 0) throw new StateStoreDamagedException(path, "missing table(s) " + string.Join(", ", missing));
    }

    /// <summary>The holder of an unexpired service lease, if the service's lease table says one is running on this file.</summary>
    private static async Task<string?> HeldLeaseAsync(string path, DateTimeOffset now, CancellationToken cancellationToken)
    {
        try
        {
            await using var connection = Connect(path, SqliteOpenMode.ReadOnly);
            await connection.OpenAsync(cancellationToken);
            await using var cmd = connection.CreateCommand();
            cmd.CommandText = "SELECT holder || ' holds fleet ' || fleet || ' until ' || expires_at FROM service_leases WHERE expires_at > $now LIMIT 1";
            cmd.Parameters.AddWithValue("$now", Time(now));
            return await cmd.ExecuteScalarAsync(cancellationToken) as string;
        }
        catch (SqliteException)
        {
            // No lease table, or a damaged file: nothing says a service is running on it.
            return null;
        }
    }
}
