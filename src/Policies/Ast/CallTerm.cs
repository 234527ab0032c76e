using GitOpsFleet.Policies.Syntax;

namespace GitOpsFleet.Policies.Ast;

/// <summary>A function call. <see cref="Name"/> is the dotted operator name as written (or resolved by the compiler).</summary>
internal sealed class CallTerm(string name, Term[] args, SourceLocation location) : Term(location)
{
    public string Name { get; set; } = name;

    public Term[] Args { get; set; } = args;

    /// <summary>Resolved by the compiler: a user function's full data path, or null for a builtin.</summary>
    public string[]? FunctionPath { get; set; }

    /// <summary>Set by the compiler: the call has one operand more than the function's arity (the last receives the result).</summary>
    public bool IsOutputForm { get; set; }

    public override string ToString() => Name + "(" + string.Join(", ", Args.Select(a => a.ToString())) + ")";
}
