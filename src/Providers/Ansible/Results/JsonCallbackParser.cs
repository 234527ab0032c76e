using GitOpsFleet.Providers.Secrets;
using System.Text.Json;
using GitOpsFleet.Providers.Ansible.Secrets;

namespace GitOpsFleet.Providers.Ansible.Results;

/// <summary>
/// Reads the document the ansible.posix.json stdout callback prints at the end of a run. Every
/// string taken from it passes through the redactor here, before anything else can hold it.
/// </summary>
internal static class JsonCallbackParser
{
    private const int MaxMessageLength = 600;

    /// <summary>The run's per-host results, or null when stdout holds no callback document (Ansible stopped before running plays).</summary>
    public static AnsibleRunResult? Parse(string stdout, SecretRedactor redactor)
    {
        var start = FindDocumentStart(stdout);
        if (start < 0) return null;
        JsonDocument document;
        try
        {
            document = JsonDocument.Parse(stdout.AsMemory(start));
        }
        catch (JsonException)
        {
            return null;
        }
        using (document)
        {
            var root = document.RootElement;
            if (root.ValueKind != JsonValueKind.Object || !root.TryGetProperty("stats", out var stats)) return null;

            var tasks = new Dictionary<string, List<AnsibleTaskResult>>(StringComparer.Ordinal);
            if (root.TryGetProperty("plays", out var plays) && plays.ValueKind == JsonValueKind.Array)
            {
                foreach (var play in plays.EnumerateArray())
                {
                    if (!play.TryGetProperty("tasks", out var playTasks) || playTasks.ValueKind != JsonValueKind.Array) continue;
                    foreach (var task in playTasks.EnumerateArray()) ReadTask(task, redactor, tasks);
                }
            }

            var hosts = new Dictionary<string, AnsibleHostResult>(StringComparer.Ordinal);
            foreach (var host in stats.EnumerateObject())
            {
                tasks.TryGetValue(host.Name, out var list);
                hosts[host.Name] = new AnsibleHostResult(host.Name, ReadStats(host.Value), (IReadOnlyList<AnsibleTaskResult>?)list ?? []);
            }
            // A host with task results but no recap line still counts (a run cut short).
            foreach (var (name, list) in tasks)
            {
                if (!hosts.ContainsKey(name)) hosts[name] = new AnsibleHostResult(name, AnsibleHostStats.Empty, list);
            }
            return new AnsibleRunResult(hosts);
        }
    }

    private static int FindDocumentStart(string stdout)
    {
        // Plugins may print warnings to stdout before the document; the document starts a line with '{'.
        if (stdout.StartsWith('{')) return 0;
        var index = stdout.IndexOf("\n{", StringComparison.Ordinal);
        return index < 0 ? -1 : index + 1;
    }

    private static void ReadTask(JsonElement task, SecretRedactor redactor, Dictionary<string, List<AnsibleTaskResult>> tasks)
    {
        var name = task.TryGetProperty("task", out var info) && info.TryGetProperty("name", out var n) && n.ValueKind == JsonValueKind.String
            ? n.GetString()!
            : "(unnamed task)";
        name = redactor.Redact(name);
        if (!task.TryGetProperty("hosts", out var hosts) || hosts.ValueKind != JsonValueKind.Object) return;
        foreach (var host in hosts.EnumerateObject())
        {
            if (!tasks.TryGetValue(host.Name, out var list)) tasks[host.Name] = list = [];
            list.Add(ReadResult(name, host.Value, redactor));
        }
    }

    private static AnsibleTaskResult ReadResult(string name, JsonElement result, SecretRedactor redactor)
    {
        var status = True(result, "unreachable") ? AnsibleTaskStatus.Unreachable
            : True(result, "failed") ? AnsibleTaskStatus.Failed
            : True(result, "skipped") ? AnsibleTaskStatus.Skipped
            : True(result, "changed") ? AnsibleTaskStatus.Changed
            : AnsibleTaskStatus.Ok;

        // Loops keep each item's outcome and diff under "results".
        var diff = new List<string>();
        var itemFailed = false;
        if (result.TryGetProperty("results", out var items) && items.ValueKind == JsonValueKind.Array)
        {
            foreach (var item in items.EnumerateArray())
            {
                if (item.ValueKind != JsonValueKind.Object) continue;
                itemFailed |= True(item, "failed");
                if (item.TryGetProperty("diff", out var itemDiff)) diff.AddRange(DiffSummary.Describe(itemDiff, Target(item)));
            }
        }
        if (result.TryGetProperty("diff", out var d)) diff.AddRange(DiffSummary.Describe(d, Target(result)));

        var message = Message(result, status == AnsibleTaskStatus.Failed || itemFailed);
        return new AnsibleTaskResult(
            name,
            status,
            message is null ? null : Truncate(redactor.Redact(message)),
            status == AnsibleTaskStatus.Failed && True(result, "ignore_errors"),
            diff.Select(redactor.Redact).ToList());
    }

    private static string? Message(JsonElement result, bool failed)
    {
        var parts = new List<string>();
        if (result.TryGetProperty("msg", out var msg))
        {
            if (msg.ValueKind == JsonValueKind.String) parts.Add(msg.GetString()!);
            else if (msg.ValueKind == JsonValueKind.Array) parts.Add(string.Join("; ", msg.EnumerateArray().Select(m => m.ValueKind == JsonValueKind.String ? m.GetString() : m.GetRawText())));
            else if (msg.ValueKind != JsonValueKind.Null) parts.Add(msg.GetRawText());
        }
        if (failed)
        {
            foreach (var stream in new[] { "stderr", "module_stderr" })
            {
                if (result.TryGetProperty(stream, out var s) && s.ValueKind == JsonValueKind.String && s.GetString()!.Trim() is { Length: > 0 } text)
                {
                    parts.Add(text);
                }
            }
        }
        return parts.Count == 0 ? null : string.Join(" | ", parts).Trim();
    }

    private static string? Target(JsonElement result)
    {
        foreach (var key in new[] { "dest", "path" })
        {
            if (result.TryGetProperty(key, out var v) && v.ValueKind == JsonValueKind.String) return v.GetString();
        }
        return null;
    }

    private static AnsibleHostStats ReadStats(JsonElement stats) => new(
        Int(stats, "ok"), Int(stats, "changed"), Int(stats, "failures"), Int(stats, "unreachable"),
        Int(stats, "skipped"), Int(stats, "ignored"), Int(stats, "rescued"));

    private static int Int(JsonElement e, string name) =>
        e.TryGetProperty(name, out var v) && v.ValueKind == JsonValueKind.Number && v.TryGetInt32(out var i) ? i : 0;

    private static bool True(JsonElement e, string name) =>
        e.TryGetProperty(name, out var v) && v.ValueKind == JsonValueKind.True;

    private static string Truncate(string text) => text.Length <= MaxMessageLength ? text : text[..MaxMessageLength] + " ...";
}
