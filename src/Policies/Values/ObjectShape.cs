namespace GitOpsFleet.Policies.Values;

/// <summary>
/// The keys of a parsed object in document order, with their sorted array and the order that sorts
/// them. Objects read with the same keys in the same order share <see cref="SortedKeys"/> and need no
/// sort of their own.
/// </summary>
internal sealed class ObjectShape
{
    private readonly Value[] _documentKeys;

    private ObjectShape(Value[] documentKeys, Value[] sortedKeys, int[] order)
    {
        _documentKeys = documentKeys;
        SortedKeys = sortedKeys;
        Order = order;
    }

    public Value[] SortedKeys { get; }

    /// <summary><c>Order[i]</c> is the document position of the i-th sorted key.</summary>
    public int[] Order { get; }

    /// <summary>True when <paramref name="pairs"/> (key, value, key, value ...) has these keys in this order.</summary>
    public bool Matches(ReadOnlySpan<Value> pairs, int n)
    {
        if (n != _documentKeys.Length)
        {
            return false;
        }

        for (var i = 0; i < n; i++)
        {
            if (!ReferenceEquals(pairs[2 * i], _documentKeys[i]))
            {
                return false;
            }
        }

        return true;
    }

    /// <summary>The shape of <paramref name="pairs"/>, or null when a key occurs twice.</summary>
    public static ObjectShape? Create(ReadOnlySpan<Value> pairs, int n)
    {
        var keys = new Value[n];
        var order = new int[n];
        for (var i = 0; i < n; i++)
        {
            keys[i] = pairs[2 * i];
            order[i] = i;
        }

        var sorted = (Value[])keys.Clone();
        Array.Sort(sorted, order, Comparer<Value>.Create(Value.Compare));
        for (var i = 1; i < n; i++)
        {
            if (Value.Compare(sorted[i - 1], sorted[i]) == 0)
            {
                return null;
            }
        }

        return new ObjectShape(keys, sorted, order);
    }
}
