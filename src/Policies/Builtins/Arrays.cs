using GitOpsFleet.Policies.Values;

namespace GitOpsFleet.Policies.Builtins;

/// <summary>array.concat, array.slice, array.reverse.</summary>
internal static class Arrays
{
    internal static void Register(BuiltinRegistry.Builder b)
    {
        b.Add("array.concat", [RegoType.AnyArray, RegoType.AnyArray], RegoType.AnyArray, (_, a) =>
        {
            var x = Args.Array(a, 0);
            var y = Args.Array(a, 1);
            var items = new Value[x.Count + y.Count];
            x.Items.CopyTo(items);
            y.Items.CopyTo(items.AsSpan(x.Count));
            return new ArrayValue(items);
        });
        b.Add("array.slice", [RegoType.AnyArray, RegoType.Number, RegoType.Number], RegoType.AnyArray, (_, a) =>
        {
            var arr = Args.Array(a, 0);
            var start = Clamp(Args.Number(a, 1), arr.Count, 1);
            var stop = Clamp(Args.Number(a, 2), arr.Count, 2);
            if (start < 0)
            {
                start = 0;
            }

            if (stop > arr.Count)
            {
                stop = arr.Count;
            }

            if (start >= stop)
            {
                return ArrayValue.Empty;
            }

            return new ArrayValue(arr.Items[start..stop].ToArray());
        });
        // One level only (OPA's docs: "non-recursively unpacks array items"); other items stay as they are.
        b.Add("array.flatten", [RegoType.AnyArray], RegoType.AnyArray, (_, a) =>
            new ArrayValue(Args.Array(a, 0).AsList().SelectMany(item => item is ArrayValue inner ? inner.AsList() : [item]).ToArray()));
        b.Add("array.reverse", [RegoType.AnyArray], RegoType.AnyArray, (_, a) =>
        {
            var arr = Args.Array(a, 0).Items.ToArray();
            Array.Reverse(arr);
            return new ArrayValue(arr);
        });
    }

    private static int Clamp(NumberValue n, int len, int index)
    {
        if (!n.TryGetBigInteger(out var v))
        {
            throw Args.OperandError(index, "must be integer number but got floating-point number");
        }

        return v < 0 ? -1 : v > len ? len + 1 : (int)v;
    }
}
