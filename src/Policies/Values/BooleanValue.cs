using System.Text;

namespace GitOpsFleet.Policies.Values;

public sealed class BooleanValue : Value
{
    public static new readonly BooleanValue True = new(true);
    public static new readonly BooleanValue False = new(false);

    private BooleanValue(bool value) => Value = value;

    public bool Value { get; }

    public override ValueKind Kind => ValueKind.Boolean;

    private protected override int CompareSameKind(Value other) => Value.CompareTo(((BooleanValue)other).Value);

    private protected override bool EqualsSameKind(Value other) => Value == ((BooleanValue)other).Value;

    public override int GetHashCode() => Value ? 0x3a1 : 0x3a0;

    public override void WriteRego(StringBuilder sb) => sb.Append(Value ? "true" : "false");
}
