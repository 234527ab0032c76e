using GitOpsFleet.Policies.Syntax;

namespace GitOpsFleet.Policies.Ast;

/// <summary><c>with target as value</c>; the target is a ref to input, data, or a function/builtin name.</summary>
internal sealed class WithModifier(Term target, Term value, SourceLocation location)
{
    public Term Target { get; set; } = target;

    public Term Value { get; set; } = value;

    public SourceLocation Location { get; } = location;

    /// <summary>Resolved by the compiler: "input", "data" or "function".</summary>
    public string TargetKind { get; set; } = string.Empty;

    /// <summary>Resolved path (for input/data: after the root; for functions: full dotted name).</summary>
    public string[] TargetPath { get; set; } = [];
}
