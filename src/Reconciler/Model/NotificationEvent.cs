namespace GitOpsFleet.Model;

/// <summary>What a run can tell people about; fleet.yaml spells them plan-denied, run-failed, and so on.</summary>
public enum NotificationEvent { PlanDenied, RunFailed, ApprovalNeeded, DriftOpened, DriftResolved }
