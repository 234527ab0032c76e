using GitOpsFleet.Policies.Values;

namespace GitOpsFleet.Policies.Evaluation;

/// <summary>Builds the nested object defined by rules with ref heads (<c>p[a][b] := v</c>, <c>p[a] contains v</c>).</summary>
internal sealed class DocTree
{
    private readonly Dictionary<Value, object> _children = new();
    private readonly List<Value> _setItems = [];

    /// <summary>Inserts a value at a key path; false when a different value already sits there.</summary>
    public bool Insert(Value[] keys, Value value, bool multiValue)
    {
        var node = this;
        var last = multiValue ? keys.Length : keys.Length - 1;
        for (var i = 0; i < last; i++)
        {
            if (!node._children.TryGetValue(keys[i], out var child))
            {
                child = new DocTree();
                node._children[keys[i]] = child;
            }

            if (child is not DocTree t)
            {
                return false;
            }

            node = t;
        }

        if (multiValue)
        {
            node._setItems.Add(value);
            return true;
        }

        var key = keys[^1];
        if (node._children.TryGetValue(key, out var existing))
        {
            return existing is Value ev && ev.Equals(value);
        }

        node._children[key] = value;
        return true;
    }

    public Value Build()
    {
        if (_children.Count == 0 && _setItems.Count > 0)
        {
            return SetValue.FromList(_setItems);
        }

        var b = new ObjectBuilder();
        foreach (var kv in _children)
        {
            b.Set(kv.Key, kv.Value is DocTree t ? t.Build() : (Value)kv.Value);
        }

        return b.Build();
    }
}
