using Npgsql;
using NpgsqlTypes;

namespace GitOpsFleet.Reconciler.State;

/// <summary>API tokens (their hashes) and the audit log.</summary>
public sealed partial class PostgresStateStore
{
    public async Task<bool> AddTokenAsync(ApiTokenRecord token, CancellationToken cancellationToken)
    {
        await using var cmd = _dataSource.CreateCommand("""
            INSERT INTO gof_api_tokens(name, hash, scopes, created_at, created_by) VALUES ($1, $2, $3, $4, $5)
            ON CONFLICT DO NOTHING
            """);
        cmd.Parameters.Add(new() { Value = token.Name });
        cmd.Parameters.Add(new() { Value = token.Hash });
        cmd.Parameters.Add(new() { Value = string.Join(',', token.Scopes) });
        cmd.Parameters.Add(new() { Value = token.CreatedAt.ToUniversalTime(), NpgsqlDbType = NpgsqlDbType.TimestampTz });
        cmd.Parameters.Add(new() { Value = token.CreatedBy });
        return await cmd.ExecuteNonQueryAsync(cancellationToken) == 1;
    }

    public async Task<IReadOnlyList<ApiTokenRecord>> ListTokensAsync(CancellationToken cancellationToken)
    {
        await using var cmd = _dataSource.CreateCommand("SELECT name, hash, scopes, created_at, created_by, revoked_at FROM gof_api_tokens ORDER BY name");
        var list = new List<ApiTokenRecord>();
        await using var r = await cmd.ExecuteReaderAsync(cancellationToken);
        while (await r.ReadAsync(cancellationToken))
        {
            list.Add(new ApiTokenRecord(r.GetString(0), r.GetString(1), r.GetString(2).Split(',', StringSplitOptions.RemoveEmptyEntries),
                Time(r.GetDateTime(3)), r.GetString(4), r.IsDBNull(5) ? null : Time(r.GetDateTime(5))));
        }
        return list;
    }

    public async Task<bool> RevokeTokenAsync(string name, DateTimeOffset revokedAt, CancellationToken cancellationToken)
    {
        await using var cmd = _dataSource.CreateCommand("UPDATE gof_api_tokens SET revoked_at=$2 WHERE name=$1 AND revoked_at IS NULL");
        cmd.Parameters.Add(new() { Value = name });
        cmd.Parameters.Add(new() { Value = revokedAt.ToUniversalTime(), NpgsqlDbType = NpgsqlDbType.TimestampTz });
        return await cmd.ExecuteNonQueryAsync(cancellationToken) == 1;
    }

    public async Task<AuditRecord> AddAuditAsync(AuditRecord entry, CancellationToken cancellationToken)
    {
        await using var cmd = _dataSource.CreateCommand(
            "INSERT INTO gof_audit(at, actor, action, target, origin, detail) VALUES ($1, $2, $3, $4, $5, $6) RETURNING id");
        cmd.Parameters.Add(new() { Value = entry.At.ToUniversalTime(), NpgsqlDbType = NpgsqlDbType.TimestampTz });
        cmd.Parameters.Add(new() { Value = entry.Actor });
        cmd.Parameters.Add(new() { Value = entry.Action });
        cmd.Parameters.Add(new() { Value = (object?)entry.Target ?? DBNull.Value, NpgsqlDbType = NpgsqlDbType.Text });
        cmd.Parameters.Add(new() { Value = entry.Origin });
        cmd.Parameters.Add(new() { Value = (object?)entry.Detail ?? DBNull.Value, NpgsqlDbType = NpgsqlDbType.Text });
        var id = (long)(await cmd.ExecuteScalarAsync(cancellationToken))!;
        return entry with { Id = id };
    }

    public async Task<IReadOnlyList<AuditRecord>> ListAuditAsync(DateTimeOffset? since, int limit, CancellationToken cancellationToken)
    {
        await using var cmd = _dataSource.CreateCommand("""
            SELECT id, at, actor, action, target, origin, detail FROM
              (SELECT * FROM gof_audit WHERE $1::timestamptz IS NULL OR at >= $1 ORDER BY id DESC LIMIT $2) newest
            ORDER BY id
            """);
        cmd.Parameters.Add(new NpgsqlParameter { Value = since is { } s ? s.ToUniversalTime() : DBNull.Value, NpgsqlDbType = NpgsqlDbType.TimestampTz });
        cmd.Parameters.Add(new() { Value = limit });
        var list = new List<AuditRecord>();
        await using var r = await cmd.ExecuteReaderAsync(cancellationToken);
        while (await r.ReadAsync(cancellationToken))
        {
            list.Add(new AuditRecord(r.GetInt64(0), Time(r.GetDateTime(1)), r.GetString(2), r.GetString(3),
                r.IsDBNull(4) ? null : r.GetString(4), r.GetString(5), r.IsDBNull(6) ? null : r.GetString(6)));
        }
        return list;
    }
}
