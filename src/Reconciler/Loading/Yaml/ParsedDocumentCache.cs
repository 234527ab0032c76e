using System.Collections.Concurrent;
using GitOpsFleet.Model;

namespace GitOpsFleet.Loading.Yaml;

/// <summary>
/// Parsed trees by file content. A service reloads the same fleet every few minutes and most files do not
/// change between commits, while parsing is most of a load's cost. Trees are immutable, so one may serve
/// several loads at once; validation still runs on every load, because it depends on the rest of the commit.
/// Bounded by clearing when full: simpler than LRU, and a full cache means the working set changed anyway.
/// </summary>
internal sealed class ParsedDocumentCache(int capacity)
{
    private readonly ConcurrentDictionary<string, Entry> _entries = new(StringComparer.Ordinal);

    public ParsedDocument Read(string text, string path, List<Diagnostic> diagnostics, YamlLimits limits, CancellationToken cancellationToken)
    {
        // A tree read under other limits may hold a verdict these limits would not give.
        if (capacity > 0 && _entries.TryGetValue(text, out var hit) && hit.Limits == limits)
        {
            foreach (var d in hit.Diagnostics)
            {
                diagnostics.Add(d.Path == path ? d : d with { Path = path });
            }
            return hit.Document;
        }
        var own = new List<Diagnostic>();
        var document = YamlTreeReader.Read(text, path, own, limits, cancellationToken);
        diagnostics.AddRange(own);
        if (capacity > 0)
        {
            if (_entries.Count >= capacity)
            {
                _entries.Clear();
            }
            _entries[text] = new Entry(document, own.ToArray(), limits);
        }
        return document;
    }

    private sealed record Entry(ParsedDocument Document, Diagnostic[] Diagnostics, YamlLimits Limits);
}
