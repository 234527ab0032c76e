using System.CommandLine;
using System.Globalization;
using System.Text.Json;
using System.Text.Json.Nodes;
using GitOpsFleet.Reconciler.State;

namespace GitOpsFleet.Reconciler.Cli;

/// <summary>notifications list: what runs queued for the fleets' targets, and whether it was delivered.</summary>
internal static class NotificationCommands
{
    public static void AddTo(RootCommand root)
    {
        var notifications = new Command("notifications", "Deliveries of spec.notifications events.");
        var list = new Command("list", "List deliveries, newest first: event, target, status, attempts, last error (never a URL or secret).");
        var fleet = new Option<string?>("--fleet") { Description = "Only this fleet's deliveries." };
        var json = new Option<bool>("--json") { Description = "Print a JSON array." };
        var limit = new Option<int>("--limit") { Description = "At most this many of the newest deliveries.", DefaultValueFactory = _ => 100 };
        list.Options.Add(fleet);
        list.Options.Add(json);
        list.Options.Add(limit);
        var location = CliStateStore.AddTo(list);
        list.SetAction(async (parse, ct) =>
        {
            await using var store = await location.OpenAsync(parse, root, ct);
            var deliveries = await store.ListNotificationsAsync(parse.GetValue(fleet), Math.Max(1, parse.GetValue(limit)), ct);
            if (parse.GetValue(json))
            {
                Console.WriteLine(new JsonArray(deliveries.Select(d => (JsonNode)View(d)).ToArray()).ToJsonString(new JsonSerializerOptions { WriteIndented = true }));
                return CommandLine.Ok;
            }
            if (deliveries.Count == 0)
            {
                Console.WriteLine("no notifications");
                return CommandLine.Ok;
            }
            Console.WriteLine($"{"ID",-5}  {"QUEUED (UTC)",-19}  {"FLEET",-14}  {"EVENT",-15}  {"TARGET",-14}  {"STATUS",-9}  {"TRIES",5}  {"RUN",5}  ERROR");
            foreach (var d in deliveries)
            {
                Console.WriteLine($"{d.Id,-5}  {TokenCommands.When(d.CreatedAt),-19}  {d.Fleet,-14}  {d.Event,-15}  {d.Target,-14}  {d.Status,-9}  {d.Attempts,5}  {d.RunId,5}  {d.LastError}");
            }
            return CommandLine.Ok;
        });
        notifications.Subcommands.Add(list);
        root.Subcommands.Add(notifications);
    }

    /// <summary>A delivery as JSON; the URL and secret appear only as where they are read from.</summary>
    public static JsonObject View(NotificationDelivery d) => new()
    {
        ["id"] = d.Id,
        ["fleet"] = d.Fleet,
        ["event"] = d.Event,
        ["target"] = d.Target,
        ["kind"] = d.Kind,
        ["runId"] = d.RunId,
        ["status"] = d.Status,
        ["attempts"] = d.Attempts,
        ["queuedAt"] = Iso(d.CreatedAt),
        ["deliveredAt"] = d.DeliveredAt is { } at ? Iso(at) : null,
        ["lastError"] = d.LastError,
        ["urlFrom"] = d.UrlFrom,
    };

    private static string Iso(DateTimeOffset t) => t.UtcDateTime.ToString("yyyy-MM-ddTHH:mm:ssZ", CultureInfo.InvariantCulture);
}
