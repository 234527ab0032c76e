using System.Text.Json;

namespace GitOpsFleet.Providers.Local;

/// <summary>The provider's records, one JSON file per node, written atomically (temp file, then rename).</summary>
internal static class NodeRecordStore
{
    public static NodeRecord? Read(string fleetDirectory, string name) => ReadFile(LocalStateLayout.RecordPath(fleetDirectory, name));

    public static IReadOnlyList<NodeRecord> List(string fleetDirectory)
    {
        var dir = LocalStateLayout.NodesDirectory(fleetDirectory);
        if (!Directory.Exists(dir)) return [];
        var records = new List<NodeRecord>();
        foreach (var file in Directory.EnumerateFiles(dir, "*.json"))
        {
            if (ReadFile(file) is { } record) records.Add(record);
        }
        return records;
    }

    public static void Write(string fleetDirectory, NodeRecord record)
    {
        var path = LocalStateLayout.RecordPath(fleetDirectory, record.Name);
        Directory.CreateDirectory(Path.GetDirectoryName(path)!);
        var temp = $"{path}.{Environment.ProcessId}.{Environment.CurrentManagedThreadId}.tmp";
        File.WriteAllBytes(temp, JsonSerializer.SerializeToUtf8Bytes(record, LocalJsonContext.Default.NodeRecord));
        File.Move(temp, path, overwrite: true);
    }

    public static void Delete(string fleetDirectory, string name)
    {
        foreach (var path in new[]
                 {
                     LocalStateLayout.RecordPath(fleetDirectory, name),
                     LocalStateLayout.PortPath(fleetDirectory, name),
                 })
        {
            try { File.Delete(path); } catch (IOException) { }
        }
    }

    private static NodeRecord? ReadFile(string path)
    {
        try
        {
            return File.Exists(path) ? JsonSerializer.Deserialize(File.ReadAllBytes(path), LocalJsonContext.Default.NodeRecord) : null;
        }
        catch (Exception e) when (e is IOException or JsonException)
        {
            // A damaged record is treated as absent: the node then shows as unknown drift, never as a twin to start.
            return null;
        }
    }
}
