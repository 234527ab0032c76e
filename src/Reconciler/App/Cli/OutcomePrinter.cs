using GitOpsFleet.Providers;
using GitOpsFleet.Reconciler.Pipeline;

namespace GitOpsFleet.Reconciler.Cli;

internal static class OutcomePrinter
{
    public static void Print(RunOutcome outcome, RunMode mode, TextWriter output)
    {
        foreach (var d in outcome.Diagnostics) output.WriteLine(d.ToString());
        if (outcome.Plan is { } plan)
        {
            if (mode == RunMode.Plan)
            {
                foreach (var a in plan.Actions)
                {
                    var sign = a.Kind switch { ActionKind.Create => "+", ActionKind.Delete => "-", ActionKind.Replace => "-/+", _ => "~" };
                    output.WriteLine($"  {sign,-3} {ConsoleRunReporter.Verb(a.Kind)} {a.Node} (pool {a.Pool}, {a.Provider}){(a.Desired is { } d ? $" {d.Software.Name} {d.Software.Version}" : "")}: {a.Reason}");
                }
            }
            foreach (var d in plan.Drift) output.WriteLine($"  drift    {d.Kind.ToString().ToLowerInvariant()}: {d.Message}");
        }
        if (outcome.PullRequest is { } pr)
        {
            output.WriteLine($"  pr       #{pr.Id} [{pr.State.ToString().ToLowerInvariant()}] {pr.Title} ({pr.Branch})");
        }
        var headline = outcome.Result switch
        {
            RunResults.Planned => outcome.Plan is { HasChanges: true } p ? $"Plan: {p.Summary}." : "No changes. The fleet matches Git.",
            RunResults.NoChanges => outcome.HasOutstandingDrift ? "No changes applied; drift is outstanding." : "No changes. The fleet matches Git.",
            RunResults.Succeeded => $"Applied: {outcome.Plan?.Summary}.",
            RunResults.Drift => $"Drift: {outcome.Drift?.Items.Count} item(s).",
            _ => $"{outcome.Result}: {outcome.Error}",
        };
        output.WriteLine($"run {outcome.RunId} ({outcome.Fleet}{(outcome.Commit is { } c ? " @ " + c[..Math.Min(12, c.Length)] : "")}): {headline}");
    }
}
