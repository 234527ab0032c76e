namespace GitOpsFleet.Reconciler.Service;

/// <summary>Event ids of the service, 7000-7999: runs 7000s, scheduling 7100s, webhooks 7200s, API 7300s, state 7400s.</summary>
internal static class ServiceEventIds
{
    public const int RunStarting = 7000;
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

    public const int StateOpened = 7400;
    public const int ServiceStarted = 7401;
}
