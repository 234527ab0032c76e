using GitOpsFleet.Policies.Syntax;
using GitOpsFleet.Policies.Values;

namespace GitOpsFleet.Policies.Ast;

/// <summary>A constant: a scalar literal, or a composite literal folded because it holds no variables.</summary>
internal sealed class ValueTerm(Value value, SourceLocation location) : Term(location)
{
    public Value Value { get; } = value;

    /// <summary>
    /// Where this constant was last found as a key of an object (a ref's field). Objects parsed from
    /// one document share their key arrays, so the next object is almost always the same shape; the
    /// evaluator checks the key at this position before searching. A plain int: a stale or racing
    /// value is only a wrong guess, which the check rejects.
    /// </summary>
    public int LookupHint;

    /// <summary>
    /// The key object found at <see cref="LookupHint"/> (equal to this constant): parsed documents share
    /// key objects, so an identity check usually settles the guess without comparing characters. Any
    /// key stored here equals the constant, so a racing pair of writes still cannot give a wrong answer.
    /// </summary>
    public Value? LookupKey;

    /// <summary>The literal as written, for numbers and raw strings (the formatter keeps `1.0`, `1e3` and backquotes).</summary>
    public string? SourceText { get; init; }

    public override bool IsGround => true;

    public override string ToString() => Value.ToString();
}
