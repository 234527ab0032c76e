using System.Text;

namespace GitOpsFleet.Policies.Values;

public sealed class StringValue : Value
{
    public static readonly StringValue Empty = new(string.Empty);

    public StringValue(string value) => Value = value;

    public string Value { get; }

    public override ValueKind Kind => ValueKind.String;

    // Go compares strings by UTF-8 bytes, which orders like code points; ordinal UTF-16 differs
    // only for surrogate pairs against U+E000..U+FFFF, so those are handled explicitly.
    private protected override int CompareSameKind(Value other) => CompareCodePoints(Value, ((StringValue)other).Value);

    internal static int CompareCodePoints(string a, string b)
    {
        var i = a.AsSpan().CommonPrefixLength(b);
        if (i == a.Length || i == b.Length)
        {
            return a.Length.CompareTo(b.Length);
        }

        var ca = a[i];
        var cb = b[i];
        var sa = char.IsSurrogate(ca);
        var sb = char.IsSurrogate(cb);
        if (sa != sb && (ca >= 0xE000 || cb >= 0xE000))
        {
            return sa ? 1 : -1;
        }

        return ca < cb ? -1 : 1;
    }

    private protected override bool EqualsSameKind(Value other) => string.Equals(Value, ((StringValue)other).Value, StringComparison.Ordinal);

    public override int GetHashCode() => Value.GetHashCode(StringComparison.Ordinal);

    public override void WriteRego(StringBuilder sb) => ValueJson.WriteJsonString(sb, Value);
}
