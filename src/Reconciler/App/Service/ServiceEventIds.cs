namespace GitOpsFleet.Reconciler.Service;

/// <summary>
/// Event ids of the service, 7000-7999: runs 7000s (each run step its own id, 7020-7029), scheduling 7100s, webhooks
/// 7200s, API 7300s, state 7400s. Every area's range is listed in docs/logging.md; a test keeps ids unique and in range.
/// </summary>
internal static class ServiceEventIds
{
    public const int RunStarting = 7000;
    /// <summary>A line from a step this list does not name (a step added later): still logged, under a shared id.</summary>
    public const int RunStage = 7001;
    public const int RunFinished = 7002;
    public const int RunCrashed = 7003;
    public const int RunCoalesced = 7004;
    public const int LeaseHeldElsewhere = 7005;
    public const int LeaseLost = 7006;
    public const int RunAction = 7007;
    public const int RunDiagnostic = 7008;
    public const int RunDiagnosticsOmitted = 7009;
    public const int ShutdownWaiting = 7010;
    public const int ShutdownCancelled = 7011;
    public const int LeaseTakenOver = 7012;

    // One id per run step, so a log query can follow one step across runs ("every apply line") without parsing text.
    public const int StepFetch = 7020;
    public const int StepLoad = 7021;
    public const int StepObserve = 7022;
    public const int StepDesired = 7023;
    public const int StepPlan = 7024;
    public const int StepPolicy = 7025;
    public const int StepApply = 7026;
    public const int StepDriftReport = 7027;
    public const int StepDriftPullRequest = 7028;

    public const int FleetScheduled = 7100;
    public const int BackingOff = 7101;
    public const int ScheduleFailed = 7102;

    public const int WebhookRejected = 7200;
    public const int WebhookIgnored = 7201;
    public const int WebhookAccepted = 7202;
    public const int WebhookBodyRefused = 7203;
    public const int WebhookDuplicate = 7204;
    public const int WebhookFleetConflict = 7205;

    public const int ManualRun = 7300;
    public const int PlanDecided = 7301;
    public const int PlanDecisionRefused = 7302;
    public const int ForgeCommentDecided = Pipeline.Approvals.ApprovalEventIds.ForgeCommentDecided;
    public const int ForgeCommentIgnored = Pipeline.Approvals.ApprovalEventIds.ForgeCommentIgnored;
    public const int AccessRefused = 7305;

    public const int StateOpened = 7400;
    public const int ServiceStarted = 7401;
}
