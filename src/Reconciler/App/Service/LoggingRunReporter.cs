using GitOpsFleet.Providers;
using GitOpsFleet.Reconciler.Pipeline;
using Microsoft.Extensions.Logging;

namespace GitOpsFleet.Reconciler.Service;

/// <summary>A run's progress as log lines, each naming the run id (the pipeline's messages carry no secrets: it redacts them).</summary>
internal sealed partial class LoggingRunReporter(ILogger logger, string fleet) : IRunReporter
{
    /// <summary>The id of the run being reported, once it has one.</summary>
    public long? RunId { get; private set; }

    public void RunStarted(long runId) => RunId = runId;

    public void Stage(string stage, string message)
    {
        switch (stage)
        {
            case "fetch": Fetch(logger, RunId, fleet, message); break;
            case "load": Load(logger, RunId, fleet, message); break;
            case "observe": Observe(logger, RunId, fleet, message); break;
            case "desired": Desired(logger, RunId, fleet, message); break;
            case "plan": Plan(logger, RunId, fleet, message); break;
            case "policy": Policy(logger, RunId, fleet, message); break;
            case "apply": Apply(logger, RunId, fleet, message); break;
            case "drift-report": DriftReport(logger, RunId, fleet, message); break;
            case "drift-pull-request": DriftPullRequest(logger, RunId, fleet, message); break;
            default: StageLine(logger, RunId, fleet, stage, message); break;
        }
    }

    public void ActionStarted(PlannedAction action) => ActionLine(logger, RunId, fleet, action.Kind.ToString().ToLowerInvariant(), action.Node, "started");

    public void ActionFinished(ActionResult result) => ActionLine(logger, RunId, fleet, result.Action.Kind.ToString().ToLowerInvariant(), result.Action.Node, result.Outcome.ToString().ToLowerInvariant());

    [LoggerMessage(ServiceEventIds.RunStage, LogLevel.Information, "Run {RunId} of {Fleet}: {Stage}: {Message}")]
    private static partial void StageLine(ILogger logger, long? runId, string fleet, string stage, string message);

    [LoggerMessage(ServiceEventIds.StepFetch, LogLevel.Information, "Run {RunId} of {Fleet}: fetch: {Message}")]
    private static partial void Fetch(ILogger logger, long? runId, string fleet, string message);

    [LoggerMessage(ServiceEventIds.StepLoad, LogLevel.Information, "Run {RunId} of {Fleet}: load: {Message}")]
    private static partial void Load(ILogger logger, long? runId, string fleet, string message);

    [LoggerMessage(ServiceEventIds.StepObserve, LogLevel.Information, "Run {RunId} of {Fleet}: observe: {Message}")]
    private static partial void Observe(ILogger logger, long? runId, string fleet, string message);

    [LoggerMessage(ServiceEventIds.StepDesired, LogLevel.Information, "Run {RunId} of {Fleet}: desired: {Message}")]
    private static partial void Desired(ILogger logger, long? runId, string fleet, string message);

    [LoggerMessage(ServiceEventIds.StepPlan, LogLevel.Information, "Run {RunId} of {Fleet}: plan: {Message}")]
    private static partial void Plan(ILogger logger, long? runId, string fleet, string message);

    [LoggerMessage(ServiceEventIds.StepPolicy, LogLevel.Information, "Run {RunId} of {Fleet}: policy: {Message}")]
    private static partial void Policy(ILogger logger, long? runId, string fleet, string message);

    [LoggerMessage(ServiceEventIds.StepApply, LogLevel.Information, "Run {RunId} of {Fleet}: apply: {Message}")]
    private static partial void Apply(ILogger logger, long? runId, string fleet, string message);

    [LoggerMessage(ServiceEventIds.StepDriftReport, LogLevel.Information, "Run {RunId} of {Fleet}: drift-report: {Message}")]
    private static partial void DriftReport(ILogger logger, long? runId, string fleet, string message);

    [LoggerMessage(ServiceEventIds.StepDriftPullRequest, LogLevel.Information, "Run {RunId} of {Fleet}: drift-pull-request: {Message}")]
    private static partial void DriftPullRequest(ILogger logger, long? runId, string fleet, string message);

    [LoggerMessage(ServiceEventIds.RunAction, LogLevel.Information, "Run {RunId} of {Fleet}: {Action} {Node} {Outcome}")]
    private static partial void ActionLine(ILogger logger, long? runId, string fleet, string action, string node, string outcome);
}
