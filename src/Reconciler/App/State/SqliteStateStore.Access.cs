using Microsoft.Data.Sqlite;

namespace GitOpsFleet.Reconciler.State;

/// <summary>API tokens (their hashes) and the audit log.</summary>
public sealed partial class SqliteStateStore
{
    public Task<bool> AddTokenAsync(ApiTokenRecord token, CancellationToken cancellationToken) =>
        Locked(async () =>
        {
            await using var cmd = _connection.CreateCommand();
            cmd.CommandText = """
                INSERT INTO api_tokens(name, hash, scopes, created_at, created_by) VALUES ($name, $hash, $scopes, $at, $by)
                ON CONFLICT DO NOTHING
                """;
            cmd.Parameters.AddWithValue("$name", token.Name);
            cmd.Parameters.AddWithValue("$hash", token.Hash);
            cmd.Parameters.AddWithValue("$scopes", string.Join(',', token.Scopes));
            cmd.Parameters.AddWithValue("$at", Time(token.CreatedAt));
            cmd.Parameters.AddWithValue("$by", token.CreatedBy);
            return await cmd.ExecuteNonQueryAsync(cancellationToken) == 1;
        }, cancellationToken);

    public Task<IReadOnlyList<ApiTokenRecord>> ListTokensAsync(CancellationToken cancellationToken) =>
        Locked(async () =>
        {
            await using var cmd = _connection.CreateCommand();
            cmd.CommandText = "SELECT name, hash, scopes, created_at, created_by, revoked_at FROM api_tokens ORDER BY name";
            var list = new List<ApiTokenRecord>();
            await using var r = await cmd.ExecuteReaderAsync(cancellationToken);
            while (await r.ReadAsync(cancellationToken))
            {
                list.Add(new ApiTokenRecord(r.GetString(0), r.GetString(1), r.GetString(2).Split(',', StringSplitOptions.RemoveEmptyEntries),
                    Parse(r.GetString(3)), r.GetString(4), r.IsDBNull(5) ? null : Parse(r.GetString(5))));
            }
            return (IReadOnlyList<ApiTokenRecord>)list;
        }, cancellationToken);

    public Task<bool> RevokeTokenAsync(string name, DateTimeOffset revokedAt, CancellationToken cancellationToken) =>
        Locked(async () =>
        {
            await using var cmd = _connection.CreateCommand();
            cmd.CommandText = "UPDATE api_tokens SET revoked_at=$at WHERE name=$name AND revoked_at IS NULL";
            cmd.Parameters.AddWithValue("$name", name);
            cmd.Parameters.AddWithValue("$at", Time(revokedAt));
            return await cmd.ExecuteNonQueryAsync(cancellationToken) == 1;
        }, cancellationToken);

    public Task<AuditRecord> AddAuditAsync(AuditRecord entry, CancellationToken cancellationToken) =>
        Locked(async () =>
        {
            await using var cmd = _connection.CreateCommand();
            cmd.CommandText = "INSERT INTO audit(at, actor, action, target, origin, detail) VALUES ($at, $actor, $action, $target, $origin, $detail) RETURNING id";
            cmd.Parameters.AddWithValue("$at", Time(entry.At));
            cmd.Parameters.AddWithValue("$actor", entry.Actor);
            cmd.Parameters.AddWithValue("$action", entry.Action);
            cmd.Parameters.AddWithValue("$target", (object?)entry.Target ?? DBNull.Value);
            cmd.Parameters.AddWithValue("$origin", entry.Origin);
            cmd.Parameters.AddWithValue("$detail", (object?)entry.Detail ?? DBNull.Value);
            var id = (long)(await cmd.ExecuteScalarAsync(cancellationToken))!;
            return entry with { Id = id };
        }, cancellationToken);

    public Task<IReadOnlyList<AuditRecord>> ListAuditAsync(DateTimeOffset? since, int limit, CancellationToken cancellationToken) =>
        Locked(async () =>
        {
            await using var cmd = _connection.CreateCommand();
            // Times are stored as fixed-width UTC ISO 8601 text, so text order is time order.
            cmd.CommandText = """
                SELECT id, at, actor, action, target, origin, detail FROM
                  (SELECT * FROM audit WHERE $since IS NULL OR at >= $since ORDER BY id DESC LIMIT $limit)
                ORDER BY id
                """;
            cmd.Parameters.AddWithValue("$since", since is { } s ? Time(s) : DBNull.Value);
            cmd.Parameters.AddWithValue("$limit", limit);
            return (IReadOnlyList<AuditRecord>)await ReadAudit(cmd.ExecuteReaderAsync(cancellationToken), cancellationToken);
        }, cancellationToken);

    private static async Task<List<AuditRecord>> ReadAudit(Task<SqliteDataReader> reading, CancellationToken cancellationToken)
    {
        var list = new List<AuditRecord>();
        await using var r = await reading;
        while (await r.ReadAsync(cancellationToken))
        {
            list.Add(new AuditRecord(r.GetInt64(0), Parse(r.GetString(1)), r.GetString(2), r.GetString(3),
                r.IsDBNull(4) ? null : r.GetString(4), r.GetString(5), r.IsDBNull(6) ? null : r.GetString(6)));
        }
        return list;
    }
}
