using GitOpsFleet.Providers;

namespace GitOpsFleet.Reconciler.Pipeline;

/// <summary>Progress of a run as it happens (the terminal shows it; the service logs it).</summary>
internal interface IRunReporter
{
    /// <summary>The run has an id (its record exists); called before any step.</summary>
    void RunStarted(long runId) { }

    void Stage(string stage, string message);

    void ActionStarted(PlannedAction action);

    void ActionFinished(ActionResult result);
}

internal sealed class SilentRunReporter : IRunReporter
{
    public static SilentRunReporter Instance { get; } = new();

    public void Stage(string stage, string message) { }

    public void ActionStarted(PlannedAction action) { }

    public void ActionFinished(ActionResult result) { }
}
