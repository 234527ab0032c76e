using GitOpsFleet.Providers;

namespace GitOpsFleet.Reconciler.Planning;

/// <summary>
/// The values of a node that Git controls, flattened for comparison and for the "last applied" record
/// that tells a change in Git (update) from a change on the machine (drift). <see cref="ManualReplacement"/>
/// is not compared: it remembers that the node's pool was <c>replacement: manual</c>, so the delete guard still
/// knows after the pool's file is gone.
/// </summary>
public sealed record NodeSpecRecord(string? Software, string? Version, string? Consensus, string? Size, int Capacity, IReadOnlyDictionary<string, string> Labels,
    bool ManualReplacement = false)
{
    public static NodeSpecRecord Of(DesiredNode node) => new(
        node.Software.Name, node.Software.Version,
        node.Software.Consensus is { } c ? $"{c.Name}:{c.Version}" : null,
        node.Machine.Size, node.Capacity, node.Labels);

    public static NodeSpecRecord Of(ObservedNode node) => new(
        node.Software?.Name, node.Software?.Version,
        node.Software?.Consensus is { } c ? $"{c.Name}:{c.Version}" : null,
        node.Machine?.Size, node.Capacity, node.Labels);

    /// <summary>Field-by-field differences from <paramref name="other"/>, as (field, this value, other value).</summary>
    public IReadOnlyList<(string Field, string? Mine, string? Theirs)> Differences(NodeSpecRecord other)
    {
        var list = new List<(string, string?, string?)>();
        if (!string.Equals(Software, other.Software, StringComparison.Ordinal)) list.Add(("software.name", Software, other.Software));
        if (!string.Equals(Version, other.Version, StringComparison.Ordinal)) list.Add(("software.version", Version, other.Version));
        if (Consensus is not null && !string.Equals(Consensus, other.Consensus, StringComparison.Ordinal)) list.Add(("software.consensus", Consensus, other.Consensus));
        if (Size is not null && !string.Equals(Size, other.Size, StringComparison.Ordinal)) list.Add(("machine.size", Size, other.Size));
        if (Capacity != other.Capacity) list.Add(("replicas", Capacity.ToString(System.Globalization.CultureInfo.InvariantCulture), other.Capacity.ToString(System.Globalization.CultureInfo.InvariantCulture)));
        foreach (var (key, value) in Labels)
        {
            other.Labels.TryGetValue(key, out var theirs);
            if (!string.Equals(value, theirs, StringComparison.Ordinal)) list.Add(($"labels.{key}", value, theirs));
        }
        foreach (var (key, theirs) in other.Labels)
        {
            if (!Labels.ContainsKey(key) && !key.StartsWith("gitopsfleet.dev/", StringComparison.Ordinal)) list.Add(($"labels.{key}", null, theirs));
        }
        return list;
    }

    public bool SameAs(NodeSpecRecord other) => Differences(other).Count == 0;
}
