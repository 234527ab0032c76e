namespace GitOpsFleet.Policies.Builtins;

/// <summary>
/// A builtin's declared operand or result type, in OPA's vocabulary (any, string, array[any],
/// set[string], object[string: any], one of several). Used for declarations and compile-time checks.
/// </summary>
internal sealed class RegoType
{
    private RegoType(string kind, RegoType? of = null, RegoType? key = null, RegoType[]? anyOf = null)
    {
        KindName = kind;
        Of = of;
        Key = key;
        AnyOf = anyOf;
    }

    /// <summary>"any", "null", "boolean", "number", "string", "array", "set", "object" or "or".</summary>
    public string KindName { get; }

    public RegoType? Of { get; }

    public RegoType? Key { get; }

    public RegoType[]? AnyOf { get; }

    public static readonly RegoType Any = new("any");
    public static readonly RegoType Null = new("null");
    public static readonly RegoType Boolean = new("boolean");
    public static readonly RegoType Number = new("number");
    public static readonly RegoType String = new("string");
    public static readonly RegoType AnyArray = new("array", Any);
    public static readonly RegoType AnySet = new("set", Any);
    public static readonly RegoType AnyObject = new("object", Any, Any);

    public static RegoType Array(RegoType of) => new("array", of);

    public static RegoType Set(RegoType of) => new("set", of);

    public static RegoType Object(RegoType key, RegoType value) => new("object", value, key);

    public static RegoType Or(params RegoType[] types) => new("or", anyOf: types);

    /// <summary>Whether a runtime value may have this type (element types are not inspected).</summary>
    public bool Admits(Values.ValueKind kind) => KindName switch
    {
        "any" => true,
        "or" => System.Array.Exists(AnyOf!, t => t.Admits(kind)),
        _ => KindName == Values.Value.TypeNameOf(kind),
    };

    public override string ToString() => KindName switch
    {
        "array" => $"array[{Of}]",
        "set" => $"set[{Of}]",
        "object" => $"object[{Key}: {Of}]",
        "or" => "any<" + string.Join(", ", AnyOf!.Select(t => t.ToString())) + ">",
        _ => KindName,
    };
}
