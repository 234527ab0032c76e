using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using GitOpsFleet.Reconciler.Planning;

namespace GitOpsFleet.Reconciler.Drift;

/// <summary>
/// The drift of one run, rendered for people (Markdown) and for tools (JSON). The fingerprint
/// identifies the set of differences, so the same drift does not reopen a pull request every run.
/// </summary>
public sealed record DriftReport(
    string Fleet,
    string Commit,
    long RunId,
    DateTimeOffset ObservedAt,
    IReadOnlyList<DriftItem> Items)
{
    public string Fingerprint => FingerprintOf(Items);

    /// <summary>Identifies a set of differences whatever their order, so a run can compare drift with a pull request's.</summary>
    public static string FingerprintOf(IEnumerable<DriftItem> items)
    {
        var keys = string.Join("\n", items.Select(i => i.Key).Order(StringComparer.Ordinal));
        return Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(keys)))[..16];
    }

    /// <summary>Items a person still has to decide on: every item but the dead nodes this run replaced.</summary>
    public int OutstandingCount => Items.Count(i => !i.Repaired);

    public string MarkdownPath => $"reports/drift/{Fleet}.md";
    public string JsonPath => $"reports/drift/{Fleet}.json";

    public string Title
    {
        get
        {
            var missing = Items.Count(i => i.Kind == DriftKind.Missing);
            var unknown = Items.Count(i => i.Kind == DriftKind.Unknown);
            var changed = Items.Count(i => i.Kind == DriftKind.Changed);
            var parts = new List<string>();
            var replaced = Items.Count(i => i.Repaired);
            if (missing > 0) parts.Add(replaced > 0 ? $"{missing} missing ({replaced} replaced)" : $"{missing} missing");
            if (unknown > 0) parts.Add($"{unknown} unknown");
            if (changed > 0) parts.Add($"{changed} changed");
            return $"Drift in fleet {Fleet}: {string.Join(", ", parts)}";
        }
    }

    public string ToMarkdown(string? runLink = null)
    {
        var sb = new StringBuilder();
        sb.Append("# ").AppendLine(Title).AppendLine();
        sb.Append(CultureInfo.InvariantCulture, $"Observed by run {RunId} at {ObservedAt:yyyy-MM-dd HH:mm:ss}Z against commit `{Commit[..Math.Min(12, Commit.Length)]}`.");
        if (runLink is not null) sb.Append(" Details: ").Append(runLink);
        sb.AppendLine().AppendLine();
        sb.AppendLine(OutstandingCount == 0
            ? "Every node listed here died and was replaced by this run: nothing is left to decide. This pull request records it and is closed by the next run that finds no drift."
            : "Merge this pull request to accept what the machines now look like; close it to let the next run restore what Git says.").AppendLine();
        foreach (var pool in Items.GroupBy(i => i.Pool).OrderBy(g => g.Key, StringComparer.Ordinal))
        {
            sb.Append("## Pool ").AppendLine(Cell(pool.Key)).AppendLine();
            sb.AppendLine("| node | drift | field | Git says | observed | since |");
            sb.AppendLine("|---|---|---|---|---|---|");
            foreach (var item in pool.OrderBy(i => i.Node, NaturalComparer.Instance).ThenBy(i => i.Field, StringComparer.Ordinal))
            {
                sb.Append(CultureInfo.InvariantCulture,
                    $"| {Cell(item.Node)} | {item.Kind.ToString().ToLowerInvariant()}{(item.Repaired ? ", replaced" : "")} | {Cell(item.Field)} | {Cell(item.Expected ?? "—")} | {Cell(item.Observed ?? "—")} | {(item.Since is { } s ? s.ToString("yyyy-MM-dd HH:mm", CultureInfo.InvariantCulture) : "run " + RunId)} |").AppendLine();
            }
            sb.AppendLine();
        }
        sb.Append("Fingerprint: `").Append(Fingerprint).AppendLine("`");
        return sb.ToString();
    }

    public string ToJson()
    {
        var items = new JsonArray();
        foreach (var i in Items)
        {
            items.Add(new JsonObject
            {
                ["kind"] = i.Kind.ToString().ToLowerInvariant(),
                ["pool"] = i.Pool,
                ["node"] = i.Node,
                ["field"] = i.Field,
                ["expected"] = i.Expected,
                ["observed"] = i.Observed,
                ["message"] = i.Message,
                ["since"] = i.Since?.ToString("O", CultureInfo.InvariantCulture),
            });
            if (i.Repaired) ((JsonObject)items[^1]!)["repaired"] = true;
        }
        var root = new JsonObject
        {
            ["fleet"] = Fleet,
            ["commit"] = Commit,
            ["run"] = RunId,
            ["observedAt"] = ObservedAt.ToString("O", CultureInfo.InvariantCulture),
            ["fingerprint"] = Fingerprint,
            ["outstanding"] = OutstandingCount,
            ["items"] = items,
        };
        return root.ToJsonString(new JsonSerializerOptions { WriteIndented = true }) + "\n";
    }

    private static string Cell(string text) => MarkdownText.Cell(text);
}
