namespace GitOpsFleet.Reconciler.Pipeline.Approvals;

/// <summary>
/// Log event ids of the forge comment channel. They live here, not in the service's table, because the pipeline
/// must not depend on the service (NamespaceCycleTests); <c>ServiceEventIds</c> lists them beside the others.
/// </summary>
internal static class ApprovalEventIds
{
    public const int ForgeCommentDecided = 7303;
    public const int ForgeCommentIgnored = 7304;
}
