using System.Globalization;
using Microsoft.Data.Sqlite;

namespace GitOpsFleet.Reconciler.State.Leases;

/// <summary>Leases in the SQLite state file, on a connection of their own so a long query never delays a renewal.</summary>
internal sealed class SqliteLeaseStore : ILeaseStore, IAsyncDisposable
{
    private readonly SqliteConnection _connection;
    private readonly SemaphoreSlim _gate = new(1, 1);
    private readonly TimeProvider _time;

    private SqliteLeaseStore(SqliteConnection connection, TimeProvider time)
    {
        _connection = connection;
        _time = time;
    }

    public static async Task<SqliteLeaseStore> OpenAsync(string path, TimeProvider time, CancellationToken cancellationToken)
    {
        var connection = new SqliteConnection(new SqliteConnectionStringBuilder { DataSource = path, Pooling = false }.ToString());
        await connection.OpenAsync(cancellationToken);
        await using var cmd = connection.CreateCommand();
        // The table belongs to the service, not to the state store's numbered migrations, so it is created here idempotently.
        cmd.CommandText = """
            PRAGMA busy_timeout=10000;
            CREATE TABLE IF NOT EXISTS service_leases (fleet TEXT PRIMARY KEY, holder TEXT NOT NULL, expires_at TEXT NOT NULL);
            """;
        await cmd.ExecuteNonQueryAsync(cancellationToken);
        return new SqliteLeaseStore(connection, time);
    }

    public async Task<LeaseGrant> TryAcquireAsync(string fleet, string holder, TimeSpan duration, CancellationToken cancellationToken)
    {
        var now = _time.GetUtcNow();
        await _gate.WaitAsync(cancellationToken);
        try
        {
            // Immediate: the write lock is taken at BEGIN, so no other process on the file can take the lease between the read and the write.
            await using var transaction = _connection.BeginTransaction(deferred: false);
            string? expired = null;
            await using (var read = _connection.CreateCommand())
            {
                read.Transaction = transaction;
                read.CommandText = "SELECT holder FROM service_leases WHERE fleet=$f AND holder<>$h AND expires_at < $now";
                read.Parameters.AddWithValue("$f", fleet);
                read.Parameters.AddWithValue("$h", holder);
                read.Parameters.AddWithValue("$now", Time(now));
                expired = await read.ExecuteScalarAsync(cancellationToken) as string;
            }
            await using var write = _connection.CreateCommand();
            write.Transaction = transaction;
            write.CommandText = """
                INSERT INTO service_leases(fleet, holder, expires_at) VALUES ($f, $h, $e)
                ON CONFLICT(fleet) DO UPDATE SET holder=excluded.holder, expires_at=excluded.expires_at
                WHERE service_leases.holder=excluded.holder OR service_leases.expires_at < $now
                """;
            write.Parameters.AddWithValue("$f", fleet);
            write.Parameters.AddWithValue("$h", holder);
            write.Parameters.AddWithValue("$e", Time(now + duration));
            write.Parameters.AddWithValue("$now", Time(now));
            var taken = await write.ExecuteNonQueryAsync(cancellationToken) > 0;
            await transaction.CommitAsync(cancellationToken);
            return taken ? new LeaseGrant(true, expired) : LeaseGrant.Refused;
        }
        finally
        {
            _gate.Release();
        }
    }

    public Task<bool> RenewAsync(string fleet, string holder, TimeSpan duration, CancellationToken cancellationToken) =>
        ExecAsync("UPDATE service_leases SET expires_at=$e WHERE fleet=$f AND holder=$h AND $now IS NOT NULL", fleet, holder, duration, cancellationToken);

    public async Task ReleaseAsync(string fleet, string holder, CancellationToken cancellationToken) =>
        await ExecAsync("DELETE FROM service_leases WHERE fleet=$f AND holder=$h AND $e IS NOT NULL AND $now IS NOT NULL", fleet, holder, TimeSpan.Zero, cancellationToken);

    private async Task<bool> ExecAsync(string sql, string fleet, string holder, TimeSpan duration, CancellationToken cancellationToken)
    {
        var now = _time.GetUtcNow();
        await _gate.WaitAsync(cancellationToken);
        try
        {
            await using var cmd = _connection.CreateCommand();
            cmd.CommandText = sql;
            cmd.Parameters.AddWithValue("$f", fleet);
            cmd.Parameters.AddWithValue("$h", holder);
            cmd.Parameters.AddWithValue("$e", Time(now + duration));
            cmd.Parameters.AddWithValue("$now", Time(now));
            return await cmd.ExecuteNonQueryAsync(cancellationToken) > 0;
        }
        finally
        {
            _gate.Release();
        }
    }

    // Fixed-width UTC timestamps compare correctly as text.
    private static string Time(DateTimeOffset t) => t.UtcDateTime.ToString("yyyy-MM-ddTHH:mm:ss.fffffffZ", CultureInfo.InvariantCulture);

    public async ValueTask DisposeAsync()
    {
        // The last connection to close checkpoints: it must not write the log into a damaged file either.
        await State.SqliteStateStore.CloseAsync(_connection, _connection.DataSource);
        _gate.Dispose();
    }
}
