using System.Globalization;
using GitOpsFleet.Reconciler.Pipeline.Reports;
using GitOpsFleet.Reconciler.State;

namespace GitOpsFleet.Reconciler.Cli;

/// <summary>Renders a recorded run for people.</summary>
internal static class RunPrinter
{
    public static void Print(RunRecord run, TextWriter o)
    {
        var report = RunReport.Read(run);
        o.WriteLine($"run {run.Id}: {run.Result}");
        o.WriteLine($"  fleet       {run.Fleet}");
        o.WriteLine($"  repository  {run.Repository}");
        o.WriteLine($"  commit      {run.Commit ?? "-"} {(report.CommitMessage is { } m ? "\"" + m + "\"" : "")}");
        o.WriteLine($"  trigger     {run.Trigger}, mode {report.Mode}");
        o.WriteLine($"  started     {run.StartedAt.UtcDateTime.ToString("yyyy-MM-dd HH:mm:ss", CultureInfo.InvariantCulture)}Z, took {run.Duration?.TotalSeconds:0.00}s");
        o.WriteLine($"  summary     {run.Summary}");
        if (report.ReusedFrom is { } from)
        {
            o.WriteLine($"  reused      run {from}'s desired fleet, plan and policy decision (same commit, same observed state)");
        }
        if (report.Steps.Count > 0)
        {
            o.WriteLine("steps:");
            foreach (var s in report.Steps) o.WriteLine($"  {s.Name,-18} {s.Outcome,-8} {s.Status,-8} {Number(s.DurationMs),8} ms  {s.Message}");
        }
        if (report.Timing is { } t)
        {
            o.WriteLine($"time: {(t.StartupMs is { } up ? $"start-up {Number(up)} ms, " : "")}lock {Number(t.LockMs)} ms, open {Number(t.OpenMs)} ms, steps {Number(t.StepsMs)} ms, close {Number(t.CloseMs)} ms");
        }
        Section(o, "diagnostics", report.Diagnostics, d => d.ToString());
        if (report.Desired is { } desired)
        {
            Section(o, "desired", desired.Pools, p => $"{p.Name,-24} {p.Provider,-8} {p.Software} {p.Version}  replicas {p.Replicas} ({p.ReplicaSource})");
        }
        Section(o, "observed", report.Observed, n => $"{n.Name,-24} {n.State,-9} {(n.Managed ? "managed" : "UNKNOWN"),-8} {n.Software} {n.Version} {n.Address}"
            + (n.Client is { } c ? $" [{c.Version ?? "?"}, chain {c.ChainId?.ToString(System.Globalization.CultureInfo.InvariantCulture) ?? "?"}, head {c.Head?.ToString(System.Globalization.CultureInfo.InvariantCulture) ?? "?"}{(c.Syncing == true ? ", syncing" : "")}]" : "")
            + (n.StateReason is { Length: > 0 } why ? $" ({why})" : ""));
        if (report.Plan is { } plan)
        {
            o.WriteLine($"plan: {plan.Summary}");
            Lines(o, plan.Actions, a => $"{a.Kind,-8} {a.Node} (pool {a.Pool}): {a.Reason}");
            Lines(o, plan.Notes, n => $"note: {n}");
        }
        Section(o, "scaling", report.Scaling, s => $"{s.Pool,-24} {s.Script} {s.Outcome}: current {s.Current}, wanted {s.Wanted?.ToString(CultureInfo.InvariantCulture) ?? "-"}, replicas {s.Replicas}{(s.Clamp is { } c ? $" ({c})" : "")}{(s.Diagnostics.Count > 0 ? " — " + string.Join("; ", s.Diagnostics) : "")}");
        if (report.Approval is { } approval)
        {
            o.WriteLine($"approval: {approval.Status} — {approval.Reason}");
            o.WriteLine($"  fingerprint {approval.Fingerprint}; approved by {(approval.ApprovedBy.Count > 0 ? string.Join(", ", approval.ApprovedBy) : "nobody yet")} ({approval.Required} required)");
            if (approval.RejectedBy is { } rejectedBy) o.WriteLine($"  rejected by {rejectedBy}{(approval.RejectReason is { } why ? $": {why}" : "")}");
            if (approval.LapsedRun is { } lapsed) o.WriteLine($"  the approval of run {lapsed} lapsed; added: {string.Join(", ", approval.Added ?? [])}; removed: {string.Join(", ", approval.Removed ?? [])}");
        }
        if (report.Decisions is { } decisions)
        {
            o.WriteLine($"policy: {(decisions.Allowed ? "allow" : "deny")} — {decisions.Summary}");
            Lines(o, decisions.Stages, d => $"{d.StageName,-9} {d.Verdict,-5} decision {d.Id} revision {Short(d.Revision)} input {d.InputHash} {Number(d.DurationMs)} ms");
            Lines(o, decisions.Deny, d => $"deny: {d}");
            Lines(o, decisions.Warn, w => $"warn: {w}");
        }
        Section(o, "results", report.Results, r => $"{r.Outcome,-9} {r.Action.Kind} {r.Action.Node}: {r.Message}");
        if (report.Drift is { } drift) Section(o, $"drift (fingerprint {drift.Fingerprint})", drift.Items, d => $"{d.Kind,-8} {d.Message}");
        if (report.PullRequest is { } pr) o.WriteLine($"pull request: #{pr.Id} [{pr.State}] {pr.Title} on {pr.Branch}");
        if (report.Error is { } error) o.WriteLine($"error: {error}");
    }

    private static string Short(string? sha) => sha is { Length: > 12 } ? sha[..12] : sha ?? "-";

    // Durations print as the record stores them, whatever the culture of the terminal.
    private static string Number(double? value) => value?.ToString(CultureInfo.InvariantCulture) ?? "";

    private static void Section<T>(TextWriter o, string title, IReadOnlyList<T>? items, Func<T, string> line)
    {
        if (items is null || items.Count == 0) return;
        o.WriteLine($"{title}:");
        Lines(o, items, line);
    }

    private static void Lines<T>(TextWriter o, IReadOnlyList<T>? items, Func<T, string> line)
    {
        if (items is null) return;
        foreach (var item in items) o.WriteLine("  " + line(item));
    }
}
