using System.Numerics;
using GitOpsFleet.Policies.Values;

namespace GitOpsFleet.Policies.Builtins;

/// <summary>
/// Operand accessors that fail with OPA's exact messages. Positions are 0-based in calls and
/// 1-based in messages: <c>Args.String(a, 0)</c> fails with "operand 1 must be string but got number".
/// </summary>
internal static class Args
{
    public static BuiltinException TypeError(int index, Value got, params string[] expected) =>
        BuiltinException.Type($"operand {index + 1} must be {Expected(expected)} but got {got.TypeName}");

    /// <summary>"operand N " + message, as OPA's NewOperandErr.</summary>
    public static BuiltinException OperandError(int index, string message) =>
        BuiltinException.Type($"operand {index + 1} {message}");

    /// <summary>An element of a composite operand has the wrong type.</summary>
    public static BuiltinException ElementError(int index, Value composite, Value element, params string[] expected) =>
        BuiltinException.Type($"operand {index + 1} must be {composite.TypeName} of {Expected(expected)} but got {composite.TypeName} containing {element.TypeName}");

    private static string Expected(string[] expected) =>
        expected.Length == 1 ? expected[0] : "one of {" + string.Join(", ", expected) + "}";

    public static string String(Value[] a, int i) =>
        a[i] is StringValue s ? s.Value : throw TypeError(i, a[i], "string");

    public static NumberValue Number(Value[] a, int i) =>
        a[i] as NumberValue ?? throw TypeError(i, a[i], "number");

    public static bool Boolean(Value[] a, int i) =>
        a[i] is BooleanValue b ? b.Value : throw TypeError(i, a[i], "boolean");

    public static ArrayValue Array(Value[] a, int i) =>
        a[i] as ArrayValue ?? throw TypeError(i, a[i], "array");

    public static SetValue Set(Value[] a, int i) =>
        a[i] as SetValue ?? throw TypeError(i, a[i], "set");

    public static ObjectValue Object(Value[] a, int i) =>
        a[i] as ObjectValue ?? throw TypeError(i, a[i], "object");

    /// <summary>An integer operand that fits in an <see cref="int"/>.</summary>
    public static int Int(Value[] a, int i)
    {
        var n = Number(a, i);
        if (!n.IsInteger)
        {
            throw OperandError(i, "must be integer number but got floating-point number");
        }

        if (!n.TryGetInt32(out var v))
        {
            throw OperandError(i, "must be integer number but got out of range number");
        }

        return v;
    }

    public static BigInteger BigInt(Value[] a, int i)
    {
        var n = Number(a, i);
        if (!n.TryGetBigInteger(out var v))
        {
            throw OperandError(i, "must be integer number but got floating-point number");
        }

        return v;
    }

    /// <summary>The members of an array or set operand, in order.</summary>
    public static IReadOnlyList<Value> ArrayOrSet(Value[] a, int i) => a[i] switch
    {
        ArrayValue arr => arr.AsList(),
        SetValue set => set.AsList(),
        _ => throw TypeError(i, a[i], "set", "array"),
    };

    /// <summary>Strings from an array or set operand, failing on a non-string member.</summary>
    public static List<string> Strings(Value[] a, int i)
    {
        var items = ArrayOrSet(a, i);
        var result = new List<string>(items.Count);
        foreach (var v in items)
        {
            if (v is not StringValue s)
            {
                throw ElementError(i, a[i], v, "string");
            }

            result.Add(s.Value);
        }

        return result;
    }
}
