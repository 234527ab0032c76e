using NpgsqlTypes;

namespace GitOpsFleet.Reconciler.State;

public sealed partial class PostgresStateStore
{
    public async Task<ApprovalRecord> AddApprovalAsync(ApprovalRecord approval, CancellationToken cancellationToken)
    {
        await using var cmd = _dataSource.CreateCommand("""
            INSERT INTO gof_approvals(run_id, fleet, fingerprint, approver, reason, decision, decided_at)
            VALUES ($1, $2, $3, $4, $5, $6, $7) RETURNING id
            """);
        cmd.Parameters.Add(new() { Value = approval.RunId });
        cmd.Parameters.Add(new() { Value = approval.Fleet });
        cmd.Parameters.Add(new() { Value = approval.Fingerprint });
        cmd.Parameters.Add(new() { Value = approval.Approver });
        cmd.Parameters.Add(new() { Value = (object?)approval.Reason ?? DBNull.Value, NpgsqlDbType = NpgsqlDbType.Text });
        cmd.Parameters.Add(new() { Value = approval.Decision.ToString() });
        cmd.Parameters.Add(new() { Value = approval.DecidedAt.ToUniversalTime(), NpgsqlDbType = NpgsqlDbType.TimestampTz });
        var id = (long)(await cmd.ExecuteScalarAsync(cancellationToken))!;
        return approval with { Id = id };
    }

    public async Task<IReadOnlyList<ApprovalRecord>> ListApprovalsAsync(string fleet, CancellationToken cancellationToken)
    {
        await using var cmd = _dataSource.CreateCommand(
            "SELECT id, run_id, fleet, fingerprint, approver, reason, decision, decided_at FROM gof_approvals WHERE fleet=$1 ORDER BY id DESC");
        cmd.Parameters.Add(new() { Value = fleet });
        var list = new List<ApprovalRecord>();
        await using var r = await cmd.ExecuteReaderAsync(cancellationToken);
        while (await r.ReadAsync(cancellationToken))
        {
            list.Add(new ApprovalRecord(r.GetInt64(0), r.GetInt64(1), r.GetString(2), r.GetString(3), r.GetString(4),
                r.IsDBNull(5) ? null : r.GetString(5), Enum.Parse<ApprovalDecision>(r.GetString(6)),
                Time(r.GetDateTime(7))));
        }
        return list;
    }
}
