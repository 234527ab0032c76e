using GitOpsFleet.Policies.Values;

namespace GitOpsFleet.Policies.Builtins;

/// <summary>is_* type tests (false rather than undefined for another type) and type_name.</summary>
internal static class Types
{
    internal static void Register(BuiltinRegistry.Builder b)
    {
        Is(b, "is_number", ValueKind.Number);
        Is(b, "is_string", ValueKind.String);
        Is(b, "is_boolean", ValueKind.Boolean);
        Is(b, "is_array", ValueKind.Array);
        Is(b, "is_set", ValueKind.Set);
        Is(b, "is_object", ValueKind.Object);
        Is(b, "is_null", ValueKind.Null);
        b.Add("type_name", [RegoType.Any], RegoType.String, (_, a) => new StringValue(a[0].TypeName));
    }

    private static void Is(BuiltinRegistry.Builder b, string name, ValueKind kind) =>
        b.Add(name, [RegoType.Any], RegoType.Boolean, (_, a) => Value.Bool(a[0].Kind == kind));
}
