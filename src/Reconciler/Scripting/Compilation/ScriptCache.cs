namespace GitOpsFleet.Scripting.Compilation;

/// <summary>
/// Compiled scripts by SHA-256 of their text, least recently used first out. An evicted script's load context is
/// unloaded, so a service that sees thousands of script versions holds at most <c>capacity</c> of them.
/// Refusals and compile errors are cached too: a bad script is checked once per text, not once per run.
/// </summary>
internal sealed class ScriptCache(int capacity)
{
    private readonly Dictionary<string, LinkedListNode<CompiledScript>> _entries = new(StringComparer.Ordinal);
    private readonly LinkedList<CompiledScript> _order = new();
    private readonly object _gate = new();

    public int Count
    {
        get { lock (_gate) return _entries.Count; }
    }

    public bool TryGet(string hash, out CompiledScript script)
    {
        lock (_gate)
        {
            if (_entries.TryGetValue(hash, out var node))
            {
                _order.Remove(node);
                _order.AddFirst(node);
                script = node.Value;
                return true;
            }
        }
        script = null!;
        return false;
    }

    /// <summary>Adds a script compiled outside the lock; when another caller won the race, theirs is kept and ours unloaded.</summary>
    public CompiledScript Add(CompiledScript script)
    {
        CompiledScript? evicted = null;
        CompiledScript kept;
        lock (_gate)
        {
            if (_entries.TryGetValue(script.Hash, out var existing))
            {
                kept = existing.Value;
                evicted = script;
            }
            else
            {
                _entries[script.Hash] = _order.AddFirst(script);
                kept = script;
                if (_entries.Count > capacity)
                {
                    var last = _order.Last!;
                    _order.RemoveLast();
                    _entries.Remove(last.Value.Hash);
                    evicted = last.Value;
                }
            }
        }
        evicted?.Unload();
        return kept;
    }

    public void Clear()
    {
        List<CompiledScript> all;
        lock (_gate)
        {
            all = [.. _order];
            _order.Clear();
            _entries.Clear();
        }
        foreach (var script in all) script.Unload();
    }
}
