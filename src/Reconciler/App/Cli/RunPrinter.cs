using System.Globalization;
using System.Text.Json.Nodes;
using GitOpsFleet.Reconciler.Pipeline;
using GitOpsFleet.Reconciler.State;

namespace GitOpsFleet.Reconciler.Cli;

/// <summary>Renders a recorded run for people.</summary>
internal static class RunPrinter
{
    public static void Print(RunRecord run, TextWriter o)
    {
        var doc = run.Document;
        o.WriteLine($"run {run.Id}: {run.Result}");
        o.WriteLine($"  fleet       {run.Fleet}");
        o.WriteLine($"  repository  {run.Repository}");
        o.WriteLine($"  commit      {run.Commit ?? "-"} {(doc["commitMessage"] is { } m ? "\"" + m + "\"" : "")}");
        o.WriteLine($"  trigger     {run.Trigger}, mode {doc["mode"]}");
        o.WriteLine($"  started     {run.StartedAt.UtcDateTime.ToString("yyyy-MM-dd HH:mm:ss", CultureInfo.InvariantCulture)}Z, took {run.Duration?.TotalSeconds:0.00}s");
        o.WriteLine($"  summary     {run.Summary}");
        var steps = RunSteps.Read(doc);
        if (steps.Count > 0)
        {
            o.WriteLine("steps:");
            foreach (var s in steps) o.WriteLine($"  {s.Name,-18} {s.Outcome,-8} {s.Status,-8} {s.DurationMs,8} ms  {s.Message}");
        }
        Section(o, "diagnostics", doc["diagnostics"] as JsonArray, d => d?.ToString() ?? "");
        if (doc["desired"]?["pools"] is JsonArray pools)
        {
            Section(o, "desired", pools, p => $"{p?["name"],-24} {p?["provider"],-8} {p?["software"]} {p?["version"]}  replicas {p?["replicas"]} ({p?["replicaSource"]})");
        }
        Section(o, "observed", doc["observed"] as JsonArray, n => $"{n?["name"],-24} {n?["state"],-9} {(n?["managed"]?.GetValue<bool>() == true ? "managed" : "UNKNOWN"),-8} {n?["software"]} {n?["version"]} {n?["address"]}");
        if (doc["plan"] is JsonObject plan)
        {
            o.WriteLine($"plan: {plan["summary"]}");
            Lines(o, plan["actions"] as JsonArray, a => $"{a?["kind"],-8} {a?["node"]} (pool {a?["pool"]}): {a?["reason"]}");
            Lines(o, plan["notes"] as JsonArray, n => $"note: {n}");
        }
        Section(o, "scaling", doc["scaling"] as JsonArray, s => $"{s?["pool"],-24} {s?["script"]} {s?["outcome"]}: current {s?["current"]}, wanted {s?["wanted"]?.ToJsonString() ?? "-"}, replicas {s?["replicas"]}{(s?["clamp"] is { } c ? $" ({c})" : "")}{(s?["diagnostics"] is JsonArray { Count: > 0 } d ? " — " + string.Join("; ", d) : "")}");
        if (doc["decisions"] is JsonObject decisions)
        {
            o.WriteLine($"policy: {(decisions["allowed"]?.GetValue<bool>() == true ? "allow" : "deny")} — {decisions["summary"]}");
            Lines(o, decisions["stages"] as JsonArray, d => $"{d?["stage"],-9} {d?["result"],-5} decision {d?["id"]} revision {Short(d?["revision"]?.ToString())} input {d?["inputHash"]} {d?["durationMs"]} ms");
            Lines(o, decisions["deny"] as JsonArray, d => $"deny: {d}");
            Lines(o, decisions["warn"] as JsonArray, w => $"warn: {w}");
        }
        Section(o, "results", doc["results"] as JsonArray, r => $"{r?["outcome"],-9} {r?["action"]?["kind"]} {r?["action"]?["node"]}: {r?["message"]}");
        if (doc["drift"] is JsonObject drift) Section(o, $"drift (fingerprint {drift["fingerprint"]})", drift["items"] as JsonArray, d => $"{d?["kind"],-8} {d?["message"]}");
        if (doc["pullRequest"] is JsonObject pr) o.WriteLine($"pull request: #{pr["id"]} [{pr["state"]}] {pr["title"]} on {pr["branch"]}");
        if (doc["error"] is { } error) o.WriteLine($"error: {error}");
    }

    private static string Short(string? sha) => sha is { Length: > 12 } ? sha[..12] : sha ?? "-";

    private static void Section(TextWriter o, string title, JsonArray? items, Func<JsonNode?, string> line)
    {
        if (items is null || items.Count == 0) return;
        o.WriteLine($"{title}:");
        Lines(o, items, line);
    }

    private static void Lines(TextWriter o, JsonArray? items, Func<JsonNode?, string> line)
    {
        if (items is null) return;
        foreach (var item in items) o.WriteLine("  " + line(item));
    }
}
