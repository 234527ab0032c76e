using System.Text.Json;

namespace GitOpsFleet.Providers.Ansible.Results;

/// <summary>
/// Turns a module's <c>diff</c> (--diff) into a few readable lines for a drift report: changed lines
/// of file contents as -/+ lines, changed attributes (state, mode) as "key: before -> after".
/// </summary>
internal static class DiffSummary
{
    public const int MaxLines = 40;

    public static IReadOnlyList<string> Describe(JsonElement diff, string? target)
    {
        var lines = new List<string>();
        if (diff.ValueKind == JsonValueKind.Array)
        {
            foreach (var item in diff.EnumerateArray()) DescribeOne(item, target, lines);
        }
        else if (diff.ValueKind == JsonValueKind.Object)
        {
            DescribeOne(diff, target, lines);
        }
        if (lines.Count > MaxLines)
        {
            var more = lines.Count - MaxLines;
            lines.RemoveRange(MaxLines, more);
            lines.Add($"... {more} more lines");
        }
        return lines;
    }

    private static void DescribeOne(JsonElement diff, string? target, List<string> lines)
    {
        if (diff.ValueKind != JsonValueKind.Object) return;
        if (diff.TryGetProperty("prepared", out var prepared) && prepared.ValueKind == JsonValueKind.String)
        {
            lines.AddRange(SplitLines(prepared.GetString()!).Where(l => l.Length > 0));
        }
        var hasBefore = diff.TryGetProperty("before", out var before);
        var hasAfter = diff.TryGetProperty("after", out var after);
        if (!hasBefore && !hasAfter) return;

        if (IsText(before) && IsText(after))
        {
            var header = Header(diff, target);
            var changes = LineDiff(SplitLines(TextOf(before)), SplitLines(TextOf(after)));
            if (changes.Count == 0) return;
            if (header is not null) lines.Add(header);
            lines.AddRange(changes);
            return;
        }
        if (before.ValueKind == JsonValueKind.Object || after.ValueKind == JsonValueKind.Object)
        {
            var keys = Keys(before).Union(Keys(after), StringComparer.Ordinal).OrderBy(k => k, StringComparer.Ordinal);
            foreach (var key in keys)
            {
                var b = ValueOf(before, key);
                var a = ValueOf(after, key);
                if (!string.Equals(a, b, StringComparison.Ordinal)) lines.Add($"{key}: {b ?? "(none)"} -> {a ?? "(none)"}");
            }
        }
    }

    private static string? Header(JsonElement diff, string? target)
    {
        string? Read(string name) => diff.TryGetProperty(name, out var v) && v.ValueKind == JsonValueKind.String ? v.GetString() : null;
        var header = Read("before_header") ?? Read("after_header");
        // copy and template name their side by a controller temp file; the destination says more.
        if (header is null || header.Contains("/.ansible/tmp/", StringComparison.Ordinal) || header.Contains("/ansible-local-", StringComparison.Ordinal))
        {
            header = target;
        }
        return header;
    }

    private static bool IsText(JsonElement e) => e.ValueKind is JsonValueKind.String or JsonValueKind.Undefined or JsonValueKind.Null;

    private static string TextOf(JsonElement e) => e.ValueKind == JsonValueKind.String ? e.GetString()! : "";

    private static IEnumerable<string> Keys(JsonElement e) =>
        e.ValueKind == JsonValueKind.Object ? e.EnumerateObject().Select(p => p.Name) : [];

    private static string? ValueOf(JsonElement e, string key) =>
        e.ValueKind == JsonValueKind.Object && e.TryGetProperty(key, out var v)
            ? v.ValueKind == JsonValueKind.String ? v.GetString() : v.GetRawText()
            : null;

    private static string[] SplitLines(string text)
    {
        if (text.Length == 0) return [];
        var lines = text.Replace("\r\n", "\n", StringComparison.Ordinal).Split('\n');
        return text.EndsWith('\n') ? lines[..^1] : lines;
    }

    /// <summary>Removed and added lines in order (longest common subsequence); files past a few thousand lines get a count only.</summary>
    internal static List<string> LineDiff(string[] before, string[] after)
    {
        var result = new List<string>();
        if ((long)before.Length * after.Length > 4_000_000)
        {
            result.Add($"{before.Length} lines -> {after.Length} lines (too large to compare line by line)");
            return result;
        }
        var lcs = new int[before.Length + 1, after.Length + 1];
        for (var i = before.Length - 1; i >= 0; i--)
        {
            for (var j = after.Length - 1; j >= 0; j--)
            {
                lcs[i, j] = string.Equals(before[i], after[j], StringComparison.Ordinal)
                    ? lcs[i + 1, j + 1] + 1
                    : Math.Max(lcs[i + 1, j], lcs[i, j + 1]);
            }
        }
        int x = 0, y = 0;
        while (x < before.Length || y < after.Length)
        {
            if (x < before.Length && y < after.Length && string.Equals(before[x], after[y], StringComparison.Ordinal))
            {
                x++;
                y++;
            }
            else if (x < before.Length && (y == after.Length || lcs[x + 1, y] >= lcs[x, y + 1]))
            {
                result.Add("-" + before[x++]);
            }
            else
            {
                result.Add("+" + after[y++]);
            }
        }
        return result;
    }
}
