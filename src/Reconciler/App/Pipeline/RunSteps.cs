using System.Text.Json;
using System.Text.Json.Nodes;
using GitOpsFleet.Reconciler.Pipeline.Reports;

namespace GitOpsFleet.Reconciler.Pipeline;

/// <summary>One step as a run record keeps it: what the step said, what the run did next, and how long it took.</summary>
internal sealed record StepRecord(
    string Name,
    string Outcome,
    string Status,
    double DurationMs,
    string Message,
    string? Result = null,
    double? RetryAfterSeconds = null);

/// <summary>Reads the <c>steps</c> array of a run record.</summary>
internal static class RunSteps
{
    /// <summary>
    /// The steps of a stored run. Records written before runs had typed steps have a <c>stages</c> array
    /// (name, status, duration, message, and only for the stages that ran); those read with an empty outcome.
    /// </summary>
    public static IReadOnlyList<StepRecord> Read(JsonObject document)
    {
        if (document["steps"] is JsonArray steps)
        {
            return steps.Deserialize(RunReportJson.Default.StepRecordArray) ?? [];
        }
        if (document["stages"] is JsonArray stages)
        {
            return stages.OfType<JsonObject>().Select(s => new StepRecord(
                StepOfStage(s["name"]?.ToString() ?? ""),
                OutcomeOfStage(s["name"]?.ToString() ?? "", s["status"]?.ToString() ?? ""),
                s["status"]?.ToString() ?? "",
                s["durationMs"] is JsonValue v && v.TryGetValue<double>(out var ms) ? ms : 0,
                s["message"]?.ToString() ?? "")).ToList();
        }
        return [];
    }

    /// <summary>The stage that published the drift pull request was called <c>drift</c>; every other name is a step's.</summary>
    private static string StepOfStage(string name) => name == "drift" ? "drift-pull-request" : name;

    /// <summary>
    /// What an old stage's status meant for the run, in today's outcomes: a fleet that did not load or a denied plan
    /// waited for a person (stalled), a fetch that failed was transient (retry), any other failure failed; ok, allow
    /// and degraded let the run go on. An unknown status stays unknown.
    /// </summary>
    private static string OutcomeOfStage(string stage, string status) => (stage, status) switch
    {
        (_, "ok" or "allow" or "degraded" or "skipped") => "continue",
        (_, "deny") or ("load", "failed") => "stalled",
        ("fetch", "failed") => "retry",
        (_, "failed") => "failed",
        _ => "",
    };
}
