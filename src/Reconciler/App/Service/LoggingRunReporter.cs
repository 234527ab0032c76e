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

    public void Stage(string stage, string message) => StageLine(logger, RunId, fleet, stage, message);

    public void ActionStarted(PlannedAction action) => ActionLine(logger, RunId, fleet, action.Kind.ToString().ToLowerInvariant(), action.Node, "started");

    public void ActionFinished(ActionResult result) => ActionLine(logger, RunId, fleet, result.Action.Kind.ToString().ToLowerInvariant(), result.Action.Node, result.Outcome.ToString().ToLowerInvariant());

    [LoggerMessage(ServiceEventIds.RunStage, LogLevel.Information, "Run {RunId} of {Fleet}: {Stage}: {Message}")]
    private static partial void StageLine(ILogger logger, long? runId, string fleet, string stage, string message);

    [LoggerMessage(ServiceEventIds.RunAction, LogLevel.Information, "Run {RunId} of {Fleet}: {Action} {Node} {Outcome}")]
    private static partial void ActionLine(ILogger logger, long? runId, string fleet, string action, string node, string outcome);
}
