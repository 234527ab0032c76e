namespace GitOpsFleet.Policies.Compilation;

/// <summary>Numbers the variable slots of one frame (a rule or a query).</summary>
internal sealed class SlotCounter
{
    public int Count { get; set; }
}
