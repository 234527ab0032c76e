using System.CommandLine;
using System.Globalization;
using System.Text.Json;
using System.Text.Json.Nodes;
using GitOpsFleet.Reconciler.Service.Api;

namespace GitOpsFleet.Reconciler.Cli;

/// <summary>audit: who changed what, when and from where, oldest first (the same entries as GET /api/audit).</summary>
internal static class AuditCommand
{
    public static void AddTo(RootCommand root)
    {
        var audit = new Command("audit", "Show the audit log: API calls that changed something, approvals and rejections, token changes, manual runs.");
        var since = new Option<string?>("--since") { Description = "Only entries at or after this date or time (UTC unless it says otherwise), e.g. 2026-12-01 or 2026-12-01T08:00:00Z." };
        var json = new Option<bool>("--json") { Description = "Print a JSON array." };
        var limit = new Option<int>("--limit") { Description = "At most this many of the newest entries.", DefaultValueFactory = _ => AuditEndpoints.MaxEntries };
        audit.Options.Add(since);
        audit.Options.Add(json);
        audit.Options.Add(limit);
        var location = CliStateStore.AddTo(audit);
        audit.SetAction(async (parse, ct) =>
        {
            DateTimeOffset? from = null;
            if (parse.GetValue(since) is { } text)
            {
                if (!DateTimeOffset.TryParse(text, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal, out var parsed))
                {
                    await Console.Error.WriteLineAsync($"error: --since '{text}' is not a date or time such as 2026-12-01 or 2026-12-01T08:00:00Z");
                    return CommandLine.Error;
                }
                from = parsed;
            }
            await using var store = await location.OpenAsync(parse, root, ct);
            var entries = await store.ListAuditAsync(from, Math.Max(1, parse.GetValue(limit)), ct);
            if (parse.GetValue(json))
            {
                Console.WriteLine(new JsonArray(entries.Select(e => (JsonNode)AuditEndpoints.View(e)).ToArray()).ToJsonString(new JsonSerializerOptions { WriteIndented = true }));
                return CommandLine.Ok;
            }
            if (entries.Count == 0)
            {
                Console.WriteLine("no audit entries" + (from is null ? "" : " since then"));
                return CommandLine.Ok;
            }
            Console.WriteLine($"{"AT (UTC)",-19}  {"ACTOR",-16}  {"ACTION",-13}  {"TARGET",-16}  {"FROM",-15}  DETAIL");
            foreach (var e in entries)
            {
                Console.WriteLine($"{TokenCommands.When(e.At),-19}  {e.Actor,-16}  {e.Action,-13}  {e.Target ?? "-",-16}  {e.Origin,-15}  {e.Detail}");
            }
            return CommandLine.Ok;
        });
        root.Subcommands.Add(audit);
    }
}
