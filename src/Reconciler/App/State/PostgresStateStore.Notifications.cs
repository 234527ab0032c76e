using Npgsql;
using NpgsqlTypes;

namespace GitOpsFleet.Reconciler.State;

/// <summary>The notification queue and its delivery status.</summary>
public sealed partial class PostgresStateStore
{
    private const string NotificationColumns =
        "id, key, fleet, target, kind, event, run_id, url_from, secret_from, payload, status, attempts, created_at, next_attempt_at, delivered_at, last_error";

    public async Task<bool> EnqueueNotificationAsync(NotificationDelivery delivery, CancellationToken cancellationToken)
    {
        await using var cmd = _dataSource.CreateCommand("""
            INSERT INTO gof_notifications(key, fleet, target, kind, event, run_id, url_from, secret_from, payload, status, attempts, created_at, next_attempt_at)
            VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, 'pending', 0, $10, $10)
            ON CONFLICT (key) DO NOTHING
            """);
        cmd.Parameters.Add(new() { Value = delivery.Key });
        cmd.Parameters.Add(new() { Value = delivery.Fleet });
        cmd.Parameters.Add(new() { Value = delivery.Target });
        cmd.Parameters.Add(new() { Value = delivery.Kind });
        cmd.Parameters.Add(new() { Value = delivery.Event });
        cmd.Parameters.Add(new() { Value = delivery.RunId });
        cmd.Parameters.Add(new() { Value = delivery.UrlFrom });
        cmd.Parameters.Add(new() { Value = (object?)delivery.SecretFrom ?? DBNull.Value, NpgsqlDbType = NpgsqlDbType.Text });
        cmd.Parameters.Add(new() { Value = delivery.Payload });
        cmd.Parameters.Add(new() { Value = delivery.CreatedAt.ToUniversalTime(), NpgsqlDbType = NpgsqlDbType.TimestampTz });
        return await cmd.ExecuteNonQueryAsync(cancellationToken) == 1;
    }

    public Task<NotificationDelivery?> ClaimNotificationAsync(DateTimeOffset now, DateTimeOffset leaseUntil, CancellationToken cancellationToken) =>
        ClaimAsync(null, now, leaseUntil, cancellationToken);

    public Task<NotificationDelivery?> ClaimRunNotificationAsync(long runId, DateTimeOffset now, DateTimeOffset leaseUntil, CancellationToken cancellationToken) =>
        ClaimAsync(runId, now, leaseUntil, cancellationToken);

    private async Task<NotificationDelivery?> ClaimAsync(long? runId, DateTimeOffset now, DateTimeOffset leaseUntil, CancellationToken cancellationToken)
    {
        // SKIP LOCKED: replicas sending at once each take a different row instead of waiting on one another.
        await using var cmd = _dataSource.CreateCommand($"""
            UPDATE gof_notifications SET next_attempt_at = $2
            WHERE id = (SELECT id FROM gof_notifications WHERE status = 'pending' AND next_attempt_at <= $1 AND ($3::bigint IS NULL OR run_id = $3)
                        ORDER BY next_attempt_at, id LIMIT 1 FOR UPDATE SKIP LOCKED)
            RETURNING {NotificationColumns}
            """);
        cmd.Parameters.Add(new() { Value = now.ToUniversalTime(), NpgsqlDbType = NpgsqlDbType.TimestampTz });
        cmd.Parameters.Add(new() { Value = leaseUntil.ToUniversalTime(), NpgsqlDbType = NpgsqlDbType.TimestampTz });
        cmd.Parameters.Add(new() { Value = (object?)runId ?? DBNull.Value, NpgsqlDbType = NpgsqlDbType.Bigint });
        var list = await ReadNotifications(cmd, cancellationToken);
        return list.Count == 0 ? null : list[0];
    }

    public async Task UpdateNotificationAsync(long id, string status, int attempts, DateTimeOffset nextAttemptAt, DateTimeOffset? deliveredAt, string? lastError,
        CancellationToken cancellationToken)
    {
        await using var cmd = _dataSource.CreateCommand("""
            UPDATE gof_notifications SET status = $2, attempts = $3, next_attempt_at = $4, delivered_at = $5, last_error = $6 WHERE id = $1
            """);
        cmd.Parameters.Add(new() { Value = id });
        cmd.Parameters.Add(new() { Value = status });
        cmd.Parameters.Add(new() { Value = attempts });
        cmd.Parameters.Add(new() { Value = nextAttemptAt.ToUniversalTime(), NpgsqlDbType = NpgsqlDbType.TimestampTz });
        cmd.Parameters.Add(new() { Value = deliveredAt is { } d ? d.ToUniversalTime() : DBNull.Value, NpgsqlDbType = NpgsqlDbType.TimestampTz });
        cmd.Parameters.Add(new() { Value = (object?)lastError ?? DBNull.Value, NpgsqlDbType = NpgsqlDbType.Text });
        await cmd.ExecuteNonQueryAsync(cancellationToken);
    }

    public async Task<IReadOnlyList<NotificationDelivery>> ListNotificationsAsync(string? fleet, int limit, CancellationToken cancellationToken)
    {
        await using var cmd = _dataSource.CreateCommand($"SELECT {NotificationColumns} FROM gof_notifications WHERE $1::text IS NULL OR fleet = $1 ORDER BY id DESC LIMIT $2");
        cmd.Parameters.Add(new() { Value = (object?)fleet ?? DBNull.Value, NpgsqlDbType = NpgsqlDbType.Text });
        cmd.Parameters.Add(new() { Value = limit });
        return await ReadNotifications(cmd, cancellationToken);
    }

    private static async Task<List<NotificationDelivery>> ReadNotifications(NpgsqlCommand cmd, CancellationToken cancellationToken)
    {
        var list = new List<NotificationDelivery>();
        await using var r = await cmd.ExecuteReaderAsync(cancellationToken);
        while (await r.ReadAsync(cancellationToken))
        {
            list.Add(new NotificationDelivery(r.GetInt64(0), r.GetString(1), r.GetString(2), r.GetString(3), r.GetString(4), r.GetString(5), r.GetInt64(6),
                r.GetString(7), r.IsDBNull(8) ? null : r.GetString(8), r.GetString(9), r.GetString(10), r.GetInt32(11), Time(r.GetDateTime(12)),
                Time(r.GetDateTime(13)), r.IsDBNull(14) ? null : Time(r.GetDateTime(14)), r.IsDBNull(15) ? null : r.GetString(15)));
        }
        return list;
    }
}
