namespace GitOpsFleet.Policies.Ast;

internal enum RuleKind
{
    /// <summary>Single-value rule (<c>p := v</c>, <c>p[k] := v</c>, <c>p if ...</c>).</summary>
    SingleValue,

    /// <summary>Multi-value rule (<c>p contains v</c>).</summary>
    MultiValue,

    /// <summary>Function (<c>f(x) := v</c>).</summary>
    Function,
}
