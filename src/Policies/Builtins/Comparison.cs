using GitOpsFleet.Policies.Values;

namespace GitOpsFleet.Policies.Builtins;

/// <summary>==, !=, &lt;, &lt;=, &gt;, &gt;= over any values, in Rego's total order.</summary>
internal static class Comparison
{
    internal static void Register(BuiltinRegistry.Builder b)
    {
        RegoType[] two = [RegoType.Any, RegoType.Any];
        b.Add("equal", two, RegoType.Boolean, (_, a) => Value.Bool(a[0].Equals(a[1])));
        b.Add("neq", two, RegoType.Boolean, (_, a) => Value.Bool(!a[0].Equals(a[1])));
        b.Add("lt", two, RegoType.Boolean, (_, a) => Value.Bool(Value.Compare(a[0], a[1]) < 0));
        b.Add("lte", two, RegoType.Boolean, (_, a) => Value.Bool(Value.Compare(a[0], a[1]) <= 0));
        b.Add("gt", two, RegoType.Boolean, (_, a) => Value.Bool(Value.Compare(a[0], a[1]) > 0));
        b.Add("gte", two, RegoType.Boolean, (_, a) => Value.Bool(Value.Compare(a[0], a[1]) >= 0));
    }
}
