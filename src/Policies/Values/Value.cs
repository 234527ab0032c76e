using System.Text;

namespace GitOpsFleet.Policies.Values;

/// <summary>
/// An immutable Rego value. Equality, hashing and ordering follow OPA: types order as
/// null &lt; boolean &lt; number &lt; string &lt; array &lt; object &lt; set, numbers compare exactly
/// (1 == 1.0), sets and objects compare by their sorted members.
/// </summary>
public abstract class Value : IEquatable<Value>, IComparable<Value>
{
    private protected Value()
    {
    }

    public abstract ValueKind Kind { get; }

    /// <summary>OPA's type name as used by <c>type_name</c> and in error messages.</summary>
    public string TypeName => TypeNameOf(Kind);

    public static string TypeNameOf(ValueKind kind) => kind switch
    {
        ValueKind.Null => "null",
        ValueKind.Boolean => "boolean",
        ValueKind.Number => "number",
        ValueKind.String => "string",
        ValueKind.Array => "array",
        ValueKind.Object => "object",
        ValueKind.Set => "set",
        _ => "unknown",
    };

    public static int Compare(Value? a, Value? b)
    {
        if (ReferenceEquals(a, b))
        {
            return 0;
        }

        if (a is null)
        {
            return -1;
        }

        if (b is null)
        {
            return 1;
        }

        var ka = a.Kind;
        var kb = b.Kind;
        if (ka != kb)
        {
            return ka < kb ? -1 : 1;
        }

        return a.CompareSameKind(b);
    }

    /// <summary>Compares with a value of the same <see cref="Kind"/>.</summary>
    private protected abstract int CompareSameKind(Value other);

    private protected abstract bool EqualsSameKind(Value other);

    public int CompareTo(Value? other) => Compare(this, other);

    public bool Equals(Value? other)
    {
        if (ReferenceEquals(this, other))
        {
            return true;
        }

        if (other is null || other.Kind != Kind)
        {
            return false;
        }

        return EqualsSameKind(other);
    }

    public override bool Equals(object? obj) => obj is Value v && Equals(v);

    public abstract override int GetHashCode();

    public static bool operator ==(Value? a, Value? b) => a is null ? b is null : a.Equals(b);

    public static bool operator !=(Value? a, Value? b) => !(a == b);

    public static bool operator <(Value a, Value b) => Compare(a, b) < 0;

    public static bool operator >(Value a, Value b) => Compare(a, b) > 0;

    public static bool operator <=(Value a, Value b) => Compare(a, b) <= 0;

    public static bool operator >=(Value a, Value b) => Compare(a, b) >= 0;

    /// <summary>Writes the value as Rego term text (sets as <c>{1, 2}</c>, empty set as <c>set()</c>).</summary>
    public abstract void WriteRego(StringBuilder sb);

    /// <summary>Rego term text of the value, e.g. <c>{"a": [1, "x"]}</c>.</summary>
    public override string ToString()
    {
        var sb = new StringBuilder();
        WriteRego(sb);
        return sb.ToString();
    }

    /// <summary>Compact JSON text (sets become sorted arrays, non-string keys their Rego text).</summary>
    public string ToJson() => ValueJson.ToJsonString(this);

    public static readonly NullValue Null = NullValue.Instance;
    public static readonly BooleanValue True = BooleanValue.True;
    public static readonly BooleanValue False = BooleanValue.False;

    public static BooleanValue Bool(bool b) => b ? BooleanValue.True : BooleanValue.False;

    public static StringValue String(string s) => new(s);

    public static NumberValue Number(long n) => NumberValue.FromInt64(n);

    public static NumberValue Number(double d) => NumberValue.FromDouble(d);

    public static NumberValue Number(decimal d) => NumberValue.FromDecimal(d);
}
