using System.Text.Json;

namespace GitOpsFleet.Providers.Ansible.Inventory;

/// <summary>Reads <c>ansible-inventory --list</c> output: the hosts of a group, including those of its child groups.</summary>
internal static class InventoryListParser
{
    /// <summary>Hosts in inventory order, or null when the group does not exist.</summary>
    public static IReadOnlyList<InventoryHost>? HostsOf(string json, string group)
    {
        using var document = JsonDocument.Parse(json);
        var root = document.RootElement;
        if (root.ValueKind != JsonValueKind.Object) return null;
        var groupExists = root.TryGetProperty(group, out _);
        if (!groupExists && group != "all") return null;

        var names = new List<string>();
        var seen = new HashSet<string>(StringComparer.Ordinal);
        var visited = new HashSet<string>(StringComparer.Ordinal);
        Collect(root, group, names, seen, visited);

        JsonElement hostVars = default;
        var hasVars = root.TryGetProperty("_meta", out var meta) && meta.TryGetProperty("hostvars", out hostVars);
        if (group == "all" && hasVars)
        {
            // "all" lists only its child groups; hosts without a group appear under hostvars alone.
            foreach (var h in hostVars.EnumerateObject()) if (seen.Add(h.Name)) names.Add(h.Name);
        }
        return names.Select(name => new InventoryHost(name, hasVars ? AddressOf(hostVars, name) : null)).ToList();
    }

    private static void Collect(JsonElement root, string group, List<string> names, HashSet<string> seen, HashSet<string> visited)
    {
        if (!visited.Add(group) || !root.TryGetProperty(group, out var g) || g.ValueKind != JsonValueKind.Object) return;
        if (g.TryGetProperty("hosts", out var hosts) && hosts.ValueKind == JsonValueKind.Array)
        {
            foreach (var h in hosts.EnumerateArray())
            {
                if (h.ValueKind == JsonValueKind.String && seen.Add(h.GetString()!)) names.Add(h.GetString()!);
            }
        }
        if (g.TryGetProperty("children", out var children) && children.ValueKind == JsonValueKind.Array)
        {
            foreach (var child in children.EnumerateArray())
            {
                if (child.ValueKind == JsonValueKind.String) Collect(root, child.GetString()!, names, seen, visited);
            }
        }
    }

    private static string? AddressOf(JsonElement hostVars, string host) =>
        hostVars.TryGetProperty(host, out var vars) && vars.ValueKind == JsonValueKind.Object &&
        vars.TryGetProperty("ansible_host", out var address) && address.ValueKind == JsonValueKind.String
            ? address.GetString()
            : null;
}
