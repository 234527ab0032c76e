using System.Text;

namespace GitOpsFleet.Policies.Values;

/// <summary>A set kept as a sorted, duplicate-free array: iteration is in Rego sort order, as OPA's.</summary>
public sealed class SetValue : Value
{
    public static readonly SetValue Empty = new([]);

    private readonly Value[] _items;
    private HashSet<Value>? _index;
    private int _hash;

    private SetValue(Value[] sortedDistinct) => _items = sortedDistinct;

    public static SetValue FromSorted(Value[] sortedDistinct) => sortedDistinct.Length == 0 ? Empty : new(sortedDistinct);

    public static SetValue Of(IEnumerable<Value> items)
    {
        var list = new List<Value>(items);
        return FromList(list);
    }

    public static SetValue Of(params Value[] items) => FromList(new List<Value>(items));

    /// <summary>Sorts and de-duplicates <paramref name="list"/> in place.</summary>
    public static SetValue FromList(List<Value> list)
    {
        if (list.Count == 0)
        {
            return Empty;
        }

        var allStrings = true;
        foreach (var v in list)
        {
            if (v is not StringValue)
            {
                allStrings = false;
                break;
            }
        }

        // Sets of strings (deny messages) are the common case: compare the strings directly.
        list.Sort(allStrings ? static (a, b) => StringValue.CompareCodePoints(((StringValue)a).Value, ((StringValue)b).Value) : Compare);
        var w = 1;
        for (var i = 1; i < list.Count; i++)
        {
            if (Compare(list[i], list[w - 1]) != 0)
            {
                list[w++] = list[i];
            }
        }

        var arr = new Value[w];
        list.CopyTo(0, arr, 0, w);
        return new SetValue(arr);
    }

    public override ValueKind Kind => ValueKind.Set;

    public int Count => _items.Length;

    public ReadOnlySpan<Value> Items => _items;

    public IReadOnlyList<Value> AsList() => _items;

    public bool Contains(Value v)
    {
        if (_items.Length > 16)
        {
            _index ??= new HashSet<Value>(_items);
            return _index.Contains(v);
        }

        foreach (var x in _items)
        {
            if (x.Equals(v))
            {
                return true;
            }
        }

        return false;
    }

    public SetValue Union(SetValue other)
    {
        if (other.Count == 0)
        {
            return this;
        }

        if (Count == 0)
        {
            return other;
        }

        var result = new List<Value>(_items.Length + other._items.Length);
        int i = 0, j = 0;
        while (i < _items.Length && j < other._items.Length)
        {
            var c = Compare(_items[i], other._items[j]);
            if (c < 0)
            {
                result.Add(_items[i++]);
            }
            else if (c > 0)
            {
                result.Add(other._items[j++]);
            }
            else
            {
                result.Add(_items[i++]);
                j++;
            }
        }

        while (i < _items.Length)
        {
            result.Add(_items[i++]);
        }

        while (j < other._items.Length)
        {
            result.Add(other._items[j++]);
        }

        return new SetValue(result.ToArray());
    }

    public SetValue Intersect(SetValue other)
    {
        var result = new List<Value>();
        int i = 0, j = 0;
        while (i < _items.Length && j < other._items.Length)
        {
            var c = Compare(_items[i], other._items[j]);
            if (c < 0)
            {
                i++;
            }
            else if (c > 0)
            {
                j++;
            }
            else
            {
                result.Add(_items[i++]);
                j++;
            }
        }

        return FromSorted(result.ToArray());
    }

    public SetValue Difference(SetValue other)
    {
        var result = new List<Value>();
        int i = 0, j = 0;
        while (i < _items.Length)
        {
            if (j >= other._items.Length)
            {
                result.Add(_items[i++]);
                continue;
            }

            var c = Compare(_items[i], other._items[j]);
            if (c < 0)
            {
                result.Add(_items[i++]);
            }
            else if (c > 0)
            {
                j++;
            }
            else
            {
                i++;
                j++;
            }
        }

        return FromSorted(result.ToArray());
    }

    private protected override int CompareSameKind(Value other)
    {
        var o = ((SetValue)other)._items;
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
        var o = ((SetValue)other)._items;
        if (o.Length != _items.Length)
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
            h.Add(0x5E7);
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
        if (_items.Length == 0)
        {
            sb.Append("set()");
            return;
        }

        sb.Append('{');
        for (var i = 0; i < _items.Length; i++)
        {
            if (i > 0)
            {
                sb.Append(", ");
            }

            _items[i].WriteRego(sb);
        }

        sb.Append('}');
    }
}
