namespace GitOpsFleet.Reconciler.Pipeline.Reports;

/// <summary>Nodes left behind by the fleet's former name (a fleet renamed in Git).</summary>
internal sealed record FormerFleetReport
{
    public string Fleet { get; init => field = value ?? ""; } = "";
    public IReadOnlyList<string> Nodes { get; init => field = value ?? []; } = [];
}
