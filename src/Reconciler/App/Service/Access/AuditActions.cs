namespace GitOpsFleet.Reconciler.Service.Access;

/// <summary>The audit log's action names: stable, so queries over the log keep working.</summary>
internal static class AuditActions
{
    public const string RunRequest = "run.request";

    /// <summary>A push or a drift pull request's merge or close, delivered by a forge's webhook, that asked for a run.</summary>
    public const string WebhookRun = "run.webhook";
    public const string PlanApprove = "plan.approve";
    public const string PlanReject = "plan.reject";
    public const string TokenCreate = "token.create";
    public const string TokenRevoke = "token.revoke";
}
