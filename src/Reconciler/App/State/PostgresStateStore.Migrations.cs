namespace GitOpsFleet.Reconciler.State;

public sealed partial class PostgresStateStore
{
    // Each entry moves the schema one version forward; never edit a shipped entry, append a new one.
    // Quartz's own tables (qrtz_*) are created by Quartz at scheduler start (ProvisionSchema), in the same database.
    private static readonly string[] Migrations =
    [
        """
        CREATE TABLE gof_runs (
            id BIGSERIAL PRIMARY KEY,
            fleet TEXT NOT NULL,
            repository TEXT NOT NULL,
            commit_sha TEXT NULL,
            trigger TEXT NOT NULL,
            started_at TIMESTAMPTZ NOT NULL,
            finished_at TIMESTAMPTZ NULL,
            result TEXT NOT NULL,
            summary TEXT NOT NULL,
            document JSONB NOT NULL);
        CREATE INDEX gof_runs_fleet ON gof_runs(fleet, id DESC);
        CREATE INDEX gof_runs_result ON gof_runs(result, id DESC);
        CREATE TABLE gof_applied (
            fleet TEXT NOT NULL,
            node TEXT NOT NULL,
            spec JSONB NOT NULL,
            run_id BIGINT NOT NULL,
            PRIMARY KEY (fleet, node));
        CREATE TABLE gof_pull_requests (
            id BIGSERIAL PRIMARY KEY,
            fleet TEXT NOT NULL,
            forge TEXT NOT NULL,
            branch TEXT NOT NULL,
            base_ref TEXT NOT NULL,
            title TEXT NOT NULL,
            body TEXT NOT NULL,
            state TEXT NOT NULL,
            fingerprint TEXT NOT NULL,
            head_commit TEXT NULL,
            run_id BIGINT NULL,
            created_at TIMESTAMPTZ NOT NULL,
            updated_at TIMESTAMPTZ NOT NULL,
            closed_at TIMESTAMPTZ NULL,
            url TEXT NULL);
        CREATE INDEX gof_pull_requests_fleet ON gof_pull_requests(fleet, state);
        """,
        """
        CREATE TABLE gof_leases (
            fleet TEXT PRIMARY KEY,
            holder TEXT NOT NULL,
            expires_at TIMESTAMPTZ NOT NULL);
        """,
        // The process that runs a run, so a later start can tell a killed run from a live one; the heartbeat row
        // is what readiness writes to prove the store still takes writes.
        """
        ALTER TABLE gof_runs ADD COLUMN owner TEXT NULL;
        CREATE TABLE gof_heartbeat (id INT PRIMARY KEY, at TIMESTAMPTZ NOT NULL);
        """,
        // Decisions on plans that waited for a person (issue 26).
        """
        CREATE TABLE gof_approvals (
            id BIGSERIAL PRIMARY KEY,
            run_id BIGINT NOT NULL,
            fleet TEXT NOT NULL,
            fingerprint TEXT NOT NULL,
            approver TEXT NOT NULL,
            reason TEXT NULL,
            decision TEXT NOT NULL,
            decided_at TIMESTAMPTZ NOT NULL);
        CREATE INDEX gof_approvals_fleet ON gof_approvals(fleet, id DESC);
        """,
        // Named, scoped API tokens (only their SHA-256) and the audit log of who changed what (issue 27).
        """
        CREATE TABLE gof_api_tokens (
            name TEXT PRIMARY KEY,
            hash TEXT NOT NULL UNIQUE,
            scopes TEXT NOT NULL,
            created_at TIMESTAMPTZ NOT NULL,
            created_by TEXT NOT NULL,
            revoked_at TIMESTAMPTZ NULL);
        CREATE TABLE gof_audit (
            id BIGSERIAL PRIMARY KEY,
            at TIMESTAMPTZ NOT NULL,
            actor TEXT NOT NULL,
            action TEXT NOT NULL,
            target TEXT NULL,
            origin TEXT NOT NULL,
            detail TEXT NULL);
        CREATE INDEX gof_audit_at ON gof_audit(at, id);
        """,
        // Notifications queued by runs and their delivery status (issue 27); the unique key is what delivers an event once.
        """
        CREATE TABLE gof_notifications (
            id BIGSERIAL PRIMARY KEY,
            key TEXT NOT NULL UNIQUE,
            fleet TEXT NOT NULL,
            target TEXT NOT NULL,
            kind TEXT NOT NULL,
            event TEXT NOT NULL,
            run_id BIGINT NOT NULL,
            url_from TEXT NOT NULL,
            secret_from TEXT NULL,
            payload TEXT NOT NULL,
            status TEXT NOT NULL,
            attempts INT NOT NULL,
            created_at TIMESTAMPTZ NOT NULL,
            next_attempt_at TIMESTAMPTZ NOT NULL,
            delivered_at TIMESTAMPTZ NULL,
            last_error TEXT NULL);
        CREATE INDEX gof_notifications_due ON gof_notifications(status, next_attempt_at);
        CREATE INDEX gof_notifications_fleet ON gof_notifications(fleet, id DESC);
        """,
    ];
}
