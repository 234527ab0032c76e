using GitOpsFleet.Providers;
using GitOpsFleet.Reconciler.Pipeline;

namespace GitOpsFleet.Reconciler.Cli;

/// <summary>Prints a run's progress as it happens, one line per stage and action.</summary>
internal sealed class ConsoleRunReporter(TextWriter output, bool quiet = false) : IRunReporter
{
    private readonly Lock _gate = new();

    public void Stage(string stage, string message)
    {
        if (quiet) return;
        lock (_gate) output.WriteLine($"  {stage,-8} {message}");
    }

    public void ActionStarted(PlannedAction action)
    {
        if (quiet) return;
        lock (_gate) output.WriteLine($"  {"apply",-8} {Verb(action.Kind)} {action.Node} ({action.Reason})");
    }

    public void ActionFinished(ActionResult result)
    {
        lock (_gate)
        {
            var mark = result.Outcome == ActionOutcome.Succeeded ? "ok" : result.Outcome.ToString().ToLowerInvariant();
            output.WriteLine($"  {"apply",-8} {mark,-6} {result.Action.Node}: {result.Message} [{result.Duration.TotalMilliseconds:0} ms]");
            if (result.Outcome != ActionOutcome.Succeeded)
            {
                foreach (var line in result.Details.Take(10)) output.WriteLine($"           {line}");
            }
        }
    }

    public static string Verb(ActionKind kind) => kind switch
    {
        ActionKind.Create => "create",
        ActionKind.Update => "update",
        ActionKind.Replace => "replace",
        _ => "delete",
    };
}
