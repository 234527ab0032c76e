using System.Text;

namespace GitOpsFleet.Policies.Values;

/// <summary>An object kept sorted by key (any value may be a key); large objects get a hash index on first lookup.</summary>
public sealed class ObjectValue : Value
{
    public static readonly ObjectValue Empty = new([], []);

    private readonly Value[] _keys;
    private readonly Value[] _values;
    private Dictionary<Value, int>? _index;
    private int _hash;

    private ObjectValue(Value[] sortedKeys, Value[] values)
    {
        _keys = sortedKeys;
        _values = values;
    }

    /// <summary>Takes ownership of the arrays, which must be sorted by key without duplicates.</summary>
    public static ObjectValue FromSorted(Value[] sortedKeys, Value[] values) =>
        sortedKeys.Length == 0 ? Empty : new(sortedKeys, values);

    /// <summary>Builds from pairs; a later duplicate key replaces an earlier one.</summary>
    public static ObjectValue Of(IEnumerable<KeyValuePair<Value, Value>> pairs)
    {
        var b = new ObjectBuilder();
        foreach (var kv in pairs)
        {
            b.Set(kv.Key, kv.Value);
        }

        return b.Build();
    }

    public override ValueKind Kind => ValueKind.Object;

    public int Count => _keys.Length;

    public ReadOnlySpan<Value> Keys => _keys;

    public ReadOnlySpan<Value> Values => _values;

    public IReadOnlyList<Value> KeyList => _keys;

    public IReadOnlyList<Value> ValueList => _values;

    public IEnumerable<KeyValuePair<Value, Value>> Pairs
    {
        get
        {
            for (var i = 0; i < _keys.Length; i++)
            {
                yield return new(_keys[i], _values[i]);
            }
        }
    }

    public int IndexOf(Value key)
    {
        if (key is StringValue ks && _keys.Length <= 8)
        {
            // Hot path (field access): compare strings directly, no virtual equality calls.
            var k = ks.Value;
            for (var i = 0; i < _keys.Length; i++)
            {
                if (_keys[i] is StringValue s && (ReferenceEquals(s.Value, k) || string.Equals(s.Value, k, StringComparison.Ordinal)))
                {
                    return i;
                }
            }

            return -1;
        }

        if (key is StringValue bs && _keys.Length <= 64)
        {
            // Binary search over the sorted keys: no per-object index for objects of a few dozen
            // keys (a parsed pool has twelve), so evaluating over a large input copies nothing.
            var k = bs.Value;
            int lo = 0, hi = _keys.Length - 1;
            while (lo <= hi)
            {
                var mid = (lo + hi) >>> 1;
                var c = _keys[mid] is StringValue s
                    ? (ReferenceEquals(s.Value, k) ? 0 : StringValue.CompareCodePoints(s.Value, k))
                    : (_keys[mid].Kind < ValueKind.String ? -1 : 1);
                if (c == 0)
                {
                    return mid;
                }

                if (c < 0)
                {
                    lo = mid + 1;
                }
                else
                {
                    hi = mid - 1;
                }
            }

            return -1;
        }

        if (_keys.Length > 8)
        {
            if (_index is null)
            {
                var d = new Dictionary<Value, int>(_keys.Length);
                for (var i = 0; i < _keys.Length; i++)
                {
                    d[_keys[i]] = i;
                }

                _index = d;
            }

            return _index.TryGetValue(key, out var idx) ? idx : -1;
        }

        for (var i = 0; i < _keys.Length; i++)
        {
            if (_keys[i].Equals(key))
            {
                return i;
            }
        }

        return -1;
    }

    public Value? Get(Value key)
    {
        var i = IndexOf(key);
        return i < 0 ? null : _values[i];
    }

    public Value? Get(string key) => Get(new StringValue(key));

    public bool TryGetValue(Value key, out Value value)
    {
        var i = IndexOf(key);
        value = i < 0 ? Null : _values[i];
        return i >= 0;
    }

    public bool ContainsKey(Value key) => IndexOf(key) >= 0;

    /// <summary>A copy with <paramref name="key"/> set to <paramref name="value"/>.</summary>
    public ObjectValue With(Value key, Value value)
    {
        var b = new ObjectBuilder(this);
        b.Set(key, value);
        return b.Build();
    }

    private protected override int CompareSameKind(Value other)
    {
        var o = (ObjectValue)other;
        var n = Math.Min(_keys.Length, o._keys.Length);
        for (var i = 0; i < n; i++)
        {
            var c = Compare(_keys[i], o._keys[i]);
            if (c != 0)
            {
                return c;
            }

            c = Compare(_values[i], o._values[i]);
            if (c != 0)
            {
                return c;
            }
        }

        return _keys.Length.CompareTo(o._keys.Length);
    }

    private protected override bool EqualsSameKind(Value other)
    {
        var o = (ObjectValue)other;
        if (o._keys.Length != _keys.Length)
        {
            return false;
        }

        for (var i = 0; i < _keys.Length; i++)
        {
            if (!_keys[i].Equals(o._keys[i]) || !_values[i].Equals(o._values[i]))
            {
                return false;
            }
        }

        return true;
    }

    public override int GetHashCode()
    {
        if (_hash == 0)
        {
            var h = new HashCode();
            h.Add(0x0B1);
            for (var i = 0; i < _keys.Length; i++)
            {
                h.Add(_keys[i].GetHashCode());
                h.Add(_values[i].GetHashCode());
            }

            _hash = h.ToHashCode() | 1;
        }

        return _hash;
    }

    public override void WriteRego(StringBuilder sb)
    {
        sb.Append('{');
        for (var i = 0; i < _keys.Length; i++)
        {
            if (i > 0)
            {
                sb.Append(", ");
            }

            _keys[i].WriteRego(sb);
            sb.Append(": ");
            _values[i].WriteRego(sb);
        }

        sb.Append('}');
    }
}
