namespace GitOpsFleet.Policies.Values;

/// <summary>Collects key/value pairs (later keys replace earlier ones) and builds a sorted <see cref="ObjectValue"/>.</summary>
public sealed class ObjectBuilder
{
    private readonly Dictionary<Value, Value> _pairs;

    public ObjectBuilder() => _pairs = new Dictionary<Value, Value>();

    public ObjectBuilder(ObjectValue start)
    {
        _pairs = new Dictionary<Value, Value>(start.Count + 1);
        for (var i = 0; i < start.Count; i++)
        {
            _pairs[start.Keys[i]] = start.Values[i];
        }
    }

    public int Count => _pairs.Count;

    public void Set(Value key, Value value) => _pairs[key] = value;

    public void Set(string key, Value value) => _pairs[new StringValue(key)] = value;

    /// <summary>Adds unless present; returns the value already there, if any.</summary>
    public Value? TryAdd(Value key, Value value) => _pairs.TryAdd(key, value) ? null : _pairs[key];

    public bool TryGet(Value key, out Value value) => _pairs.TryGetValue(key, out value!);

    public bool Remove(Value key) => _pairs.Remove(key);

    public ObjectValue Build()
    {
        if (_pairs.Count == 0)
        {
            return ObjectValue.Empty;
        }

        var keys = new Value[_pairs.Count];
        var values = new Value[_pairs.Count];
        var i = 0;
        foreach (var kv in _pairs)
        {
            keys[i] = kv.Key;
            values[i] = kv.Value;
            i++;
        }

        Array.Sort(keys, values, Comparer<Value>.Create(Value.Compare));
        return ObjectValue.FromSorted(keys, values);
    }
}
