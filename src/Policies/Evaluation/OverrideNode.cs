using GitOpsFleet.Policies.Values;

namespace GitOpsFleet.Policies.Evaluation;

/// <summary>A trie of <c>with data.x.y as v</c> replacements, walked beside the data tree.</summary>
internal sealed class OverrideNode
{
    public Value? Value { get; set; }

    public Dictionary<string, OverrideNode> Children { get; } = new(StringComparer.Ordinal);

    public OverrideNode Clone()
    {
        var c = new OverrideNode { Value = Value };
        foreach (var kv in Children)
        {
            c.Children[kv.Key] = kv.Value.Clone();
        }

        return c;
    }

    public void Set(string[] path, Value value)
    {
        var n = this;
        foreach (var p in path)
        {
            if (!n.Children.TryGetValue(p, out var c))
            {
                c = new OverrideNode();
                n.Children[p] = c;
            }

            n = c;
        }

        n.Value = value;
        n.Children.Clear();
    }
}
