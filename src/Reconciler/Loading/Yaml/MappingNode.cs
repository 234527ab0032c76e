using YamlDotNet.Core;

namespace GitOpsFleet.Loading.Yaml;

internal sealed class MappingNode : Node
{
    /// <summary>Mappings with fewer keys than this are searched by a scan, which beats hashing for a handful of keys.</summary>
    public const int IndexThreshold = 8;

    private readonly IReadOnlyDictionary<string, int>? _index;

    /// <param name="index">Position of each key in <paramref name="entries"/>; the reader builds it for large mappings
    /// so that a mapping with many keys costs linear time, not quadratic.</param>
    public MappingNode(IReadOnlyList<MappingEntry> entries, IReadOnlyDictionary<string, int>? index, Mark start, Mark end)
        : base(start, end)
    {
        Entries = entries;
        _index = index;
    }

    /// <summary>Entries in text order. Duplicate keys were reported by the reader; the first one wins.</summary>
    public IReadOnlyList<MappingEntry> Entries { get; }

    public override string Describe() => "a mapping";

    public bool TryGet(string key, out MappingEntry entry)
    {
        if (_index is not null)
        {
            if (_index.TryGetValue(key, out var at))
            {
                entry = Entries[at];
                return true;
            }
            entry = default;
            return false;
        }
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
