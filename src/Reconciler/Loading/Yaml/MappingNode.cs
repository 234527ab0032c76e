using YamlDotNet.Core;

namespace GitOpsFleet.Loading.Yaml;

internal sealed class MappingNode : Node
{
    public MappingNode(IReadOnlyList<MappingEntry> entries, Mark start, Mark end)
        : base(start, end)
    {
        Entries = entries;
    }

    /// <summary>Entries in text order. Duplicate keys were reported by the reader; the first one wins.</summary>
    public IReadOnlyList<MappingEntry> Entries { get; }

    public override string Describe() => "a mapping";

    /// <summary>Linear on purpose: our mappings hold a handful of keys, where a scan beats hashing.</summary>
    public bool TryGet(string key, out MappingEntry entry)
    {
        foreach (var e in Entries)
        {
            if (string.Equals(e.Key.Value, key, StringComparison.Ordinal))
            {
                entry = e;
                return true;
            }
        }
        entry = default;
        return false;
    }
}
