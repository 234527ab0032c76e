namespace GitOpsFleet.Policies.Compilation;

/// <summary>Local variables visible in a body; slots are numbered per rule frame by a shared counter.</summary>
internal sealed class Scope(Scope? parent, SlotCounter counter)
{
    private readonly Dictionary<string, int> _vars = new(StringComparer.Ordinal);

    public Scope? Parent { get; } = parent;

    public SlotCounter Counter { get; } = counter;

    public int Declare(string name)
    {
        var slot = Counter.Count++;
        _vars[name] = slot;
        return slot;
    }

    public bool DeclaredHere(string name) => _vars.ContainsKey(name);

    public int Lookup(string name)
    {
        for (var s = this; s is not null; s = s.Parent)
        {
            if (s._vars.TryGetValue(name, out var slot))
            {
                return slot;
            }
        }

        return -1;
    }

    public Scope Child() => new(this, Counter);
}
