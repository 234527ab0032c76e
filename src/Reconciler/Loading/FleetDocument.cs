using GitOpsFleet.Model;

namespace GitOpsFleet.Loading;

/// <summary>fleet.yaml as read, before the pools join it.</summary>
internal sealed record FleetDocument(
    string Name,
    IReadOnlyDictionary<string, string> Labels,
    ReconcileSettings Reconcile,
    DriftSettings Drift,
    PolicySettings Policies,
    MetricsSettings? Metrics,
    ForgeSettings Forge,
    AzureSettings? Azure,
    ApprovalSettings? Approvals = null,
    IReadOnlyList<NotificationTarget>? Notifications = null);
