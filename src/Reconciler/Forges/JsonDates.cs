using System.Globalization;
using System.Text.Json.Nodes;

namespace GitOpsFleet.Forges;

internal static class JsonDates
{
    public static DateTimeOffset? Read(JsonNode? node) =>
        node is JsonValue v && v.TryGetValue<string>(out var s) && DateTimeOffset.TryParse(s, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal, out var d) ? d : null;
}
