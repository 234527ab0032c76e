namespace GitOpsFleet.Model;

/// <summary>What a run can tell people about; fleet.yaml spells them plan-denied, run-failed, and so on.</summary>
public enum NotificationEvent
{
    PlanDenied,
    RunFailed,
    ApprovalNeeded,
    DriftOpened,
    DriftResolved,
    /// <summary>Drift still outstanding, but no longer the drift of the last report (items added, changed or gone).</summary>
    DriftUpdated,
    /// <summary>Waits for a new commit or a person: an invalid fleet, a missing ref, a refused plan.</summary>
    RunStalled,
    /// <summary>The fleet's runs ended "retry" (store, Git or provider unreachable, interrupted) this many times in a row.</summary>
    RunRetrying,
    ApprovalGiven,
    /// <summary>An approval stopped counting because the plan changed under it; a new plan waits.</summary>
    ApprovalLapsed,
}
