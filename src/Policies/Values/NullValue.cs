using System.Text;

namespace GitOpsFleet.Policies.Values;

public sealed class NullValue : Value
{
    public static readonly NullValue Instance = new();

    private NullValue()
    {
    }

    public override ValueKind Kind => ValueKind.Null;

    private protected override int CompareSameKind(Value other) => 0;

    private protected override bool EqualsSameKind(Value other) => true;

    public override int GetHashCode() => 0x5a17;

    public override void WriteRego(StringBuilder sb) => sb.Append("null");
}
