using System.Globalization;
using GitOpsFleet.Policies.Values;

namespace GitOpsFleet.Policies.Builtins;

/// <summary>count, sum, product, max, min, sort.</summary>
internal static class Aggregates
{
    internal static void Register(BuiltinRegistry.Builder b)
    {
        var coll = RegoType.Or(RegoType.AnyArray, RegoType.AnySet);
        b.Add("count", [RegoType.Or(RegoType.AnyArray, RegoType.AnySet, RegoType.AnyObject, RegoType.String)], RegoType.Number, (_, a) => a[0] switch
        {
            ArrayValue x => NumberValue.FromInt64(x.Count),
            SetValue x => NumberValue.FromInt64(x.Count),
            ObjectValue x => NumberValue.FromInt64(x.Count),
            StringValue s => NumberValue.FromInt64(RuneCount(s.Value)),
            _ => throw Args.TypeError(0, a[0], "array", "object", "set", "string"),
        });
        b.Add("sum", [coll], RegoType.Number, (_, a) =>
        {
            var acc = NumberValue.Zero;
            foreach (var v in Members(a))
            {
                acc = acc.Add(v as NumberValue ?? throw Args.ElementError(0, a[0], v, "number"));
            }

            return acc;
        });
        b.Add("product", [coll], RegoType.Number, (_, a) =>
        {
            var acc = NumberValue.One;
            foreach (var v in Members(a))
            {
                acc = acc.Multiply(v as NumberValue ?? throw Args.ElementError(0, a[0], v, "number"));
            }

            return acc;
        });
        b.Add("max", [coll], RegoType.Any, (_, a) =>
        {
            Value? best = null;
            foreach (var v in Members(a))
            {
                if (best is null || Value.Compare(v, best) > 0)
                {
                    best = v;
                }
            }

            return best;
        });
        b.Add("min", [coll], RegoType.Any, (_, a) =>
        {
            Value? best = null;
            foreach (var v in Members(a))
            {
                if (best is null || Value.Compare(v, best) < 0)
                {
                    best = v;
                }
            }

            return best;
        });
        b.Add("sort", [coll], RegoType.AnyArray, (_, a) =>
        {
            var list = new List<Value>(Members(a));
            list.Sort(Value.Compare);
            return new ArrayValue(list.ToArray());
        });
    }

    internal static int RuneCount(string s)
    {
        var n = 0;
        foreach (var _ in s.EnumerateRunes())
        {
            n++;
        }

        return n;
    }

    private static IReadOnlyList<Value> Members(Value[] a) => a[0] switch
    {
        ArrayValue x => x.AsList(),
        SetValue x => x.AsList(),
        _ => throw Args.TypeError(0, a[0], "set", "array"),
    };
}
