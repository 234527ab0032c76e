using System.Text;

namespace GitOpsFleet.Policies.Values;

public sealed class ArrayValue : Value
{
    public static readonly ArrayValue Empty = new([]);

    private readonly Value[] _items;
    private int _hash;

    /// <summary>Takes ownership of <paramref name="items"/>: the caller must not change it afterwards.</summary>
    public ArrayValue(Value[] items) => _items = items;

    public ArrayValue(IEnumerable<Value> items) => _items = items.ToArray();

    public override ValueKind Kind => ValueKind.Array;

    public int Count => _items.Length;

    public Value this[int index] => _items[index];

    public ReadOnlySpan<Value> Items => _items;

    public IReadOnlyList<Value> AsList() => _items;

    private protected override int CompareSameKind(Value other)
    {
        var o = ((ArrayValue)other)._items;
        var n = Math.Min(_items.Length, o.Length);
        for (var i = 0; i < n; i++)
        {
            var c = Compare(_items[i], o[i]);
            if (c != 0)
            {
                return c;
            }
        }

        return _items.Length.CompareTo(o.Length);
    }

    private protected override bool EqualsSameKind(Value other)
    {
        var o = ((ArrayValue)other)._items;
        if (o.Length != _items.Length || (_hash != 0 && ((ArrayValue)other)._hash != 0 && _hash != ((ArrayValue)other)._hash))
        {
            return false;
        }

        for (var i = 0; i < o.Length; i++)
        {
            if (!_items[i].Equals(o[i]))
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
            h.Add(0xA77);
            foreach (var v in _items)
            {
                h.Add(v.GetHashCode());
            }

            _hash = h.ToHashCode() | 1;
        }

        return _hash;
    }

    public override void WriteRego(StringBuilder sb)
    {
        sb.Append('[');
        for (var i = 0; i < _items.Length; i++)
        {
            if (i > 0)
            {
                sb.Append(", ");
            }

            _items[i].WriteRego(sb);
        }

        sb.Append(']');
    }
}
