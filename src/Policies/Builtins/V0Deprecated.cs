using GitOpsFleet.Policies.Values;

namespace GitOpsFleet.Policies.Builtins;

/// <summary>
/// The builtins OPA 1.x removed from v1 but still offers v0 modules. The parser renames a v0 module's call of
/// <c>any</c>, <c>cast_set</c>, ... to the internal names registered here, so a v1 module neither sees them nor
/// loses the names for its own functions. <c>re_match</c>, <c>set_diff</c> and <c>net.cidr_overlap</c> are renamed
/// straight to the builtins that replaced them.
/// </summary>
internal static class V0Deprecated
{
    /// <summary>v0 call name to the builtin that runs it.</summary>
    public static readonly IReadOnlyDictionary<string, string> Renames = new Dictionary<string, string>(StringComparer.Ordinal)
    {
        ["re_match"] = "regex.match",
        ["set_diff"] = "minus",
        ["net.cidr_overlap"] = "net.cidr_contains",
        ["any"] = Prefix + "any",
        ["all"] = Prefix + "all",
        ["cast_array"] = Prefix + "cast_array",
        ["cast_set"] = Prefix + "cast_set",
        ["cast_string"] = Prefix + "cast_string",
        ["cast_boolean"] = Prefix + "cast_boolean",
        ["cast_null"] = Prefix + "cast_null",
        ["cast_object"] = Prefix + "cast_object",
    };

    private const string Prefix = "internal.v0.";

    private static readonly RegoType Collection = RegoType.Or(RegoType.AnyArray, RegoType.AnySet);

    internal static void Register(BuiltinRegistry.Builder b)
    {
        b.Add(Prefix + "any", [Collection], RegoType.Boolean, (_, a) => Value.Bool(Elements(a).Any(IsTrue)));
        b.Add(Prefix + "all", [Collection], RegoType.Boolean, (_, a) => Value.Bool(Elements(a).All(IsTrue)));
        b.Add(Prefix + "cast_array", [Collection], RegoType.AnyArray, (_, a) => a[0] is SetValue s ? new ArrayValue(s.Items.ToArray()) : Args.Array(a, 0));
        b.Add(Prefix + "cast_set", [Collection], RegoType.AnySet, (_, a) => a[0] is ArrayValue arr ? SetValue.Of(arr.AsList()) : Args.Set(a, 0));
        b.Add(Prefix + "cast_string", [RegoType.String], RegoType.String, (_, a) => new StringValue(Args.String(a, 0)));
        b.Add(Prefix + "cast_boolean", [RegoType.Boolean], RegoType.Boolean, (_, a) => Value.Bool(Args.Boolean(a, 0)));
        b.Add(Prefix + "cast_null", [RegoType.Null], RegoType.Null, (_, a) => a[0] is NullValue ? a[0] : throw Args.TypeError(0, a[0], "null"));
        b.Add(Prefix + "cast_object", [RegoType.AnyObject], RegoType.AnyObject, (_, a) => a[0] is ObjectValue ? a[0] : throw Args.TypeError(0, a[0], "object"));
    }

    private static IEnumerable<Value> Elements(Value[] a) => a[0] switch
    {
        ArrayValue arr => arr.AsList(),
        SetValue s => s.Items.ToArray(),
        _ => throw Args.TypeError(0, a[0], "array", "set"),
    };

    private static bool IsTrue(Value v) => v is BooleanValue { Value: true };
}
