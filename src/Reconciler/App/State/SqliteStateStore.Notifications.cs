using Microsoft.Data.Sqlite;

namespace GitOpsFleet.Reconciler.State;

/// <summary>The notification queue and its delivery status.</summary>
public sealed partial class SqliteStateStore
{
    private const string NotificationColumns =
        "id, key, fleet, target, kind, event, run_id, url_from, secret_from, payload, status, attempts, created_at, next_attempt_at, delivered_at, last_error";

    public Task<bool> EnqueueNotificationAsync(NotificationDelivery delivery, CancellationToken cancellationToken) =>
        Locked(async () =>
        {
            await using var cmd = _connection.CreateCommand();
            cmd.CommandText = """
                INSERT INTO notifications(key, fleet, target, kind, event, run_id, url_from, secret_from, payload, status, attempts, created_at, next_attempt_at)
                VALUES ($key, $fleet, $target, $kind, $event, $run, $url, $secret, $payload, $status, 0, $at, $at)
                ON CONFLICT(key) DO NOTHING
                """;
            cmd.Parameters.AddWithValue("$key", delivery.Key);
            cmd.Parameters.AddWithValue("$fleet", delivery.Fleet);
            cmd.Parameters.AddWithValue("$target", delivery.Target);
            cmd.Parameters.AddWithValue("$kind", delivery.Kind);
            cmd.Parameters.AddWithValue("$event", delivery.Event);
            cmd.Parameters.AddWithValue("$run", delivery.RunId);
            cmd.Parameters.AddWithValue("$url", delivery.UrlFrom);
            cmd.Parameters.AddWithValue("$secret", (object?)delivery.SecretFrom ?? DBNull.Value);
            cmd.Parameters.AddWithValue("$payload", delivery.Payload);
            cmd.Parameters.AddWithValue("$status", NotificationDelivery.Pending);
            cmd.Parameters.AddWithValue("$at", Time(delivery.CreatedAt));
            return await cmd.ExecuteNonQueryAsync(cancellationToken) == 1;
        }, cancellationToken);

    public Task<NotificationDelivery?> ClaimNotificationAsync(DateTimeOffset now, DateTimeOffset leaseUntil, CancellationToken cancellationToken) =>
        ClaimAsync(null, now, leaseUntil, cancellationToken);

    public Task<NotificationDelivery?> ClaimRunNotificationAsync(long runId, DateTimeOffset now, DateTimeOffset leaseUntil, CancellationToken cancellationToken) =>
        ClaimAsync(runId, now, leaseUntil, cancellationToken);

    private Task<NotificationDelivery?> ClaimAsync(long? runId, DateTimeOffset now, DateTimeOffset leaseUntil, CancellationToken cancellationToken) =>
        Locked(async () =>
        {
            await using var cmd = _connection.CreateCommand();
            // One statement: SQLite serialises writers, so no other sender can take the same row in between.
            cmd.CommandText = $"""
                UPDATE notifications SET next_attempt_at = $lease
                WHERE id = (SELECT id FROM notifications WHERE status = 'pending' AND next_attempt_at <= $now AND ($run IS NULL OR run_id = $run)
                            ORDER BY next_attempt_at, id LIMIT 1)
                RETURNING {NotificationColumns}
                """;
            cmd.Parameters.AddWithValue("$now", Time(now));
            cmd.Parameters.AddWithValue("$lease", Time(leaseUntil));
            cmd.Parameters.AddWithValue("$run", (object?)runId ?? DBNull.Value);
            var list = await ReadNotifications(cmd.ExecuteReaderAsync(cancellationToken), cancellationToken);
            return list.Count == 0 ? null : list[0];
        }, cancellationToken);

    public Task UpdateNotificationAsync(long id, string status, int attempts, DateTimeOffset nextAttemptAt, DateTimeOffset? deliveredAt, string? lastError,
        CancellationToken cancellationToken) =>
        Locked(async () =>
        {
            await using var cmd = _connection.CreateCommand();
            cmd.CommandText = """
                UPDATE notifications SET status = $status, attempts = $attempts, next_attempt_at = $next, delivered_at = $delivered, last_error = $error
                WHERE id = $id
                """;
            cmd.Parameters.AddWithValue("$id", id);
            cmd.Parameters.AddWithValue("$status", status);
            cmd.Parameters.AddWithValue("$attempts", attempts);
            cmd.Parameters.AddWithValue("$next", Time(nextAttemptAt));
            cmd.Parameters.AddWithValue("$delivered", deliveredAt is { } d ? Time(d) : DBNull.Value);
            cmd.Parameters.AddWithValue("$error", (object?)lastError ?? DBNull.Value);
            await cmd.ExecuteNonQueryAsync(cancellationToken);
            return true;
        }, cancellationToken);

    public Task<IReadOnlyList<NotificationDelivery>> ListNotificationsAsync(string? fleet, int limit, CancellationToken cancellationToken) =>
        Locked(async () =>
        {
            await using var cmd = _connection.CreateCommand();
            cmd.CommandText = $"SELECT {NotificationColumns} FROM notifications WHERE $fleet IS NULL OR fleet = $fleet ORDER BY id DESC LIMIT $limit";
            cmd.Parameters.AddWithValue("$fleet", (object?)fleet ?? DBNull.Value);
            cmd.Parameters.AddWithValue("$limit", limit);
            return (IReadOnlyList<NotificationDelivery>)await ReadNotifications(cmd.ExecuteReaderAsync(cancellationToken), cancellationToken);
        }, cancellationToken);

    private static async Task<List<NotificationDelivery>> ReadNotifications(Task<SqliteDataReader> reading, CancellationToken cancellationToken)
    {
        var list = new List<NotificationDelivery>();
        await using var r = await reading;
        while (await r.ReadAsync(cancellationToken))
        {
            list.Add(new NotificationDelivery(r.GetInt64(0), r.GetString(1), r.GetString(2), r.GetString(3), r.GetString(4), r.GetString(5), r.GetInt64(6),
                r.GetString(7), r.IsDBNull(8) ? null : r.GetString(8), r.GetString(9), r.GetString(10), r.GetInt32(11), Parse(r.GetString(12)),
                Parse(r.GetString(13)), r.IsDBNull(14) ? null : Parse(r.GetString(14)), r.IsDBNull(15) ? null : r.GetString(15)));
        }
        return list;
    }
}
