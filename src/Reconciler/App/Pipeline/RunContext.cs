using System.Diagnostics;
using System.Text.Json.Nodes;
using GitOpsFleet.Providers.Model;
using GitOpsFleet.Reconciler.Git;

namespace GitOpsFleet.Reconciler.Pipeline;

/// <summary>The state of one run as it moves through its stages; every stage writes its output into <see cref="Doc"/>.</summary>
internal sealed class RunContext(long runId, FleetTarget target, RunMode mode, JsonObject doc, JsonArray stages, IRunReporter reporter)
{
    public long RunId { get; } = runId;
    public FleetTarget Target { get; } = target;
    public RunMode Mode { get; } = mode;
    public JsonObject Doc { get; } = doc;
    public IRunReporter Reporter { get; } = reporter;
    public GitSnapshot? Snapshot { get; set; }
    /// <summary>The fleet's files: the commit, or the fleet's folder of it.</summary>
    public ISourceSnapshot? Files { get; set; }
    public string SnapshotsRoot { get; init; } = "";
    public string? Commit { get; set; }
    public string? FleetName { get; set; }
    public GitOpsFleet.Reconciler.Forges.IForge? Forge { get; set; }
    public string? ForgeProblem { get; set; }
    public IReadOnlyList<Diagnostic> Diagnostics { get; set; } = [];
    private readonly JsonArray _stages = stages;

    public (string Name, Stopwatch Clock) BeginStage(string name, string message)
    {
        Reporter.Stage(name, message);
        return (name, Stopwatch.StartNew());
    }

    public void EndStage((string Name, Stopwatch Clock) stage, string status, string message)
    {
        _stages.Add(new JsonObject
        {
            ["name"] = stage.Name,
            ["status"] = status,
            ["durationMs"] = Math.Round(stage.Clock.Elapsed.TotalMilliseconds, 1),
            ["message"] = message,
        });
        Reporter.Stage(stage.Name, message);
    }
}
