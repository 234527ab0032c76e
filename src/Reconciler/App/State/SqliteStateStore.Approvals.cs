using Microsoft.Data.Sqlite;

namespace GitOpsFleet.Reconciler.State;

public sealed partial class SqliteStateStore
{
    public Task<ApprovalRecord> AddApprovalAsync(ApprovalRecord approval, CancellationToken cancellationToken) =>
        Locked(async () =>
        {
            await using var cmd = _connection.CreateCommand();
            cmd.CommandText = """
                INSERT INTO approvals(run_id, fleet, fingerprint, approver, reason, decision, decided_at)
                VALUES ($run, $fleet, $fp, $by, $reason, $decision, $at) RETURNING id
                """;
            cmd.Parameters.AddWithValue("$run", approval.RunId);
            cmd.Parameters.AddWithValue("$fleet", approval.Fleet);
            cmd.Parameters.AddWithValue("$fp", approval.Fingerprint);
            cmd.Parameters.AddWithValue("$by", approval.Approver);
            cmd.Parameters.AddWithValue("$reason", (object?)approval.Reason ?? DBNull.Value);
            cmd.Parameters.AddWithValue("$decision", approval.Decision.ToString());
            cmd.Parameters.AddWithValue("$at", Time(approval.DecidedAt));
            var id = (long)(await cmd.ExecuteScalarAsync(cancellationToken))!;
            return approval with { Id = id };
        }, cancellationToken);

    public Task<IReadOnlyList<ApprovalRecord>> ListApprovalsAsync(string fleet, CancellationToken cancellationToken) =>
        Locked(async () =>
        {
            await using var cmd = _connection.CreateCommand();
            cmd.CommandText = "SELECT id, run_id, fleet, fingerprint, approver, reason, decision, decided_at FROM approvals WHERE fleet=$fleet ORDER BY id DESC";
            cmd.Parameters.AddWithValue("$fleet", fleet);
            var list = new List<ApprovalRecord>();
            await using var r = await cmd.ExecuteReaderAsync(cancellationToken);
            while (await r.ReadAsync(cancellationToken))
            {
                list.Add(new ApprovalRecord(r.GetInt64(0), r.GetInt64(1), r.GetString(2), r.GetString(3), r.GetString(4),
                    r.IsDBNull(5) ? null : r.GetString(5), Enum.Parse<ApprovalDecision>(r.GetString(6)), Parse(r.GetString(7))));
            }
            return (IReadOnlyList<ApprovalRecord>)list;
        }, cancellationToken);
}
