namespace GitOpsFleet.Reconciler.Service;

/// <summary>
/// Carries the id the state store gives a run back to the service's log lines: the pipeline creates the id,
/// the store decorator sees it, and this holder (flowing with the run's async context) passes it on.
/// </summary>
internal sealed class RunIdHolder
{
    private static readonly AsyncLocal<RunIdHolder?> CurrentHolder = new();

    public static RunIdHolder? Current
    {
        get => CurrentHolder.Value;
        set => CurrentHolder.Value = value;
    }

    public long? RunId { get; set; }
}
