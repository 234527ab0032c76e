namespace GitOpsFleet.Policies.Ast;

internal enum ExprKind
{
    /// <summary>A term (often a call) that must be defined and not false.</summary>
    Term,

    /// <summary><c>a = b</c>.</summary>
    Unify,

    /// <summary><c>a := b</c>: declares the variables on the left.</summary>
    Assign,

    /// <summary><c>some x, y</c>.</summary>
    SomeVars,

    /// <summary><c>some k, v in xs</c>.</summary>
    SomeIn,

    /// <summary><c>every k, v in xs { ... }</c>.</summary>
    Every,
}
