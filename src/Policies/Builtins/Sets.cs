using GitOpsFleet.Policies.Values;

namespace GitOpsFleet.Policies.Builtins;

/// <summary>Set operators (&amp; and |) and intersection/union over a set of sets.</summary>
internal static class Sets
{
    internal static void Register(BuiltinRegistry.Builder b)
    {
        b.Add("and", [RegoType.AnySet, RegoType.AnySet], RegoType.AnySet, (_, a) => Args.Set(a, 0).Intersect(Args.Set(a, 1)));
        b.Add("or", [RegoType.AnySet, RegoType.AnySet], RegoType.AnySet, (_, a) => Args.Set(a, 0).Union(Args.Set(a, 1)));
        b.Add("intersection", [RegoType.Set(RegoType.AnySet)], RegoType.AnySet, (_, a) =>
        {
            var sets = Args.Set(a, 0);
            SetValue? acc = null;
            foreach (var s in sets.Items)
            {
                var x = s as SetValue ?? throw Args.ElementError(0, a[0], s, "set");
                acc = acc is null ? x : acc.Intersect(x);
            }

            return acc ?? SetValue.Empty;
        });
        b.Add("union", [RegoType.Set(RegoType.AnySet)], RegoType.AnySet, (_, a) =>
        {
            var sets = Args.Set(a, 0);
            var acc = SetValue.Empty;
            foreach (var s in sets.Items)
            {
                acc = acc.Union(s as SetValue ?? throw Args.ElementError(0, a[0], s, "set"));
            }

            return acc;
        });
    }
}
