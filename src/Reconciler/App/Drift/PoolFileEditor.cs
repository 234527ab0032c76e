using System.Globalization;
using GitOpsFleet.Loading;
using GitOpsFleet.Model;
using GitOpsFleet.Reconciler.Planning;

namespace GitOpsFleet.Reconciler.Drift;

/// <summary>
/// Turns value drift into edits of the pool files, text in place (<see cref="YamlValueEditor"/>), so a reviewer sees a
/// one-value diff and every comment and the layout stay. A pool file says one value for all its nodes, so a value
/// is only edited when every node of the pool shows the same new value: editing it for one node of three would make
/// the merge roll the other two, and merging must leave the machines alone.
/// </summary>
internal static class PoolFileEditor
{
    /// <param name="snapshot">The fleet commit the drift branch starts from.</param>
    /// <param name="nodesByPool">The names of each pool's desired nodes (the planner's layout), to tell "every node changed" from "some did".</param>
    public static PoolFileEdits Compute(ISourceSnapshot snapshot, FleetSpec spec, IReadOnlyList<DriftItem> drift, IReadOnlyDictionary<string, IReadOnlyList<string>> nodesByPool)
    {
        ArgumentNullException.ThrowIfNull(snapshot);
        ArgumentNullException.ThrowIfNull(spec);
        ArgumentNullException.ThrowIfNull(drift);
        ArgumentNullException.ThrowIfNull(nodesByPool);
        var files = new Dictionary<string, string>(StringComparer.Ordinal);
        var edits = new List<PoolValueEdit>();
        var notes = new List<string>();
        var groups = drift.Where(d => d.Kind == DriftKind.Changed && d.Field != "configuration")
            .GroupBy(d => (d.Pool, d.Field))
            .OrderBy(g => g.Key.Pool, StringComparer.Ordinal).ThenBy(g => g.Key.Field, StringComparer.Ordinal);
        foreach (var group in groups)
        {
            var (poolName, field) = group.Key;
            var pool = spec.Pools.FirstOrDefault(p => p.Name == poolName);
            if (pool is null) continue;
            var observed = group.Select(d => d.Observed).Distinct(StringComparer.Ordinal).ToList();
            if (observed is not [{ } value])
            {
                notes.Add($"pool {poolName}: {field} differs between nodes ({string.Join(", ", observed.Select(v => v ?? "(none)"))}); a pool file holds one value, so it is left as it is");
                continue;
            }
            var nodes = nodesByPool.TryGetValue(poolName, out var n) ? n : [];
            var changed = group.Select(d => d.Node).ToHashSet(StringComparer.Ordinal);
            if (nodes.Count == 0 || !nodes.All(changed.Contains))
            {
                notes.Add($"pool {poolName}: {field} is {value} on {changed.Count} of {nodes.Count} node(s); accepting it in the pool file would change the others, so it is left as it is");
                continue;
            }
            var path = pool.SourcePath;
            var text = files.TryGetValue(path, out var edited) ? edited : Read(snapshot, path);
            if (text is null)
            {
                notes.Add($"pool {poolName}: {path} is not in the commit");
                continue;
            }
            foreach (var (yamlPath, newValue, why) in Targets(pool, field, value, group.First().Expected, nodes.Count))
            {
                if (yamlPath is null)
                {
                    notes.Add($"pool {poolName}: {why}");
                    continue;
                }
                var current = YamlValueEditor.GetScalar(text, yamlPath);
                if (current is null)
                {
                    notes.Add($"pool {poolName}: {path} has no single value at {yamlPath} to edit in place; {field} {value} is reported only");
                    continue;
                }
                if (!YamlValueEditor.TrySetScalar(text, yamlPath, newValue, out var updated, out var error))
                {
                    notes.Add($"pool {poolName}: {yamlPath} in {path} cannot be edited in place ({error})");
                    continue;
                }
                if (updated == text) continue;
                text = updated;
                edits.Add(new PoolValueEdit(poolName, path, yamlPath, current, newValue));
            }
            files[path] = text;
        }
        foreach (var key in files.Keys.ToList())
        {
            if (!edits.Any(e => e.File == key)) files.Remove(key);
        }
        return new PoolFileEdits(files, edits, notes);
    }

    /// <summary>Where a planner field lives in a pool file, and the value to write there; a null path carries the reason it cannot be expressed.</summary>
    private static IEnumerable<(string? Path, string Value, string Why)> Targets(PoolSpec pool, string field, string value, string? expected, int nodeCount)
    {
        switch (field)
        {
            case "software.version":
                yield return ("spec.software.version", value, "");
                break;
            case "machine.size":
                yield return ("spec.machine.size", value, "");
                break;
            case "replicas":
                // "replicas" is one node's capacity: a pool's count only when the pool is one node (a scale set).
                if (nodeCount != 1 || !int.TryParse(value, NumberStyles.None, CultureInfo.InvariantCulture, out var count))
                {
                    yield return (null, "", $"capacity {value} of a node in a pool of {nodeCount} nodes is not a replica count Git can hold");
                }
                else if (pool.Scaling is not null)
                {
                    yield return (null, "", $"replicas are decided by {pool.Scaling.Script}; the count {value} is reported only");
                }
                else
                {
                    yield return ("spec.replicas.min", value, "");
                    if (count > pool.Replicas.Max) yield return ("spec.replicas.max", value, "");
                }
                break;
            case var label when label.StartsWith("labels.", StringComparison.Ordinal):
                var key = label["labels.".Length..];
                if (expected is null) yield return (null, "", $"label {key}={value} was added on the machines; a new key is not a value edit, so it is reported only");
                else if (key.Contains('.', StringComparison.Ordinal)) yield return (null, "", $"label {key} cannot be addressed as a path");
                else yield return ($"metadata.labels.{key}", value, "");
                break;
            default:
                yield return (null, "", $"{field} {value} is reported only (no pool file value holds it)");
                break;
        }
    }

    private static string? Read(ISourceSnapshot snapshot, string path) =>
        snapshot.ReadBytes(path) is { } bytes ? new System.Text.UTF8Encoding(false).GetString(bytes) : null;
}
