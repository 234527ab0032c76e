using GitOpsFleet.Policies.Syntax;
using GitOpsFleet.Policies.Values;

namespace GitOpsFleet.Policies.Ast;

/// <summary>A constant: a scalar literal, or a composite literal folded because it holds no variables.</summary>
internal sealed class ValueTerm(Value value, SourceLocation location) : Term(location)
{
    public Value Value { get; } = value;

    public override bool IsGround => true;

    public override string ToString() => Value.ToString();
}
