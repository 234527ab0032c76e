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

    /// <summary>Resolved by the compiler for builtins: saves a table lookup per call.</summary>
    public Builtins.Builtin? Builtin { get; set; }

    /// <summary>Filled in on first call: the rule set of <see cref="FunctionPath"/> (the policy is immutable once compiled).</summary>
    public Compilation.RuleSet? FunctionRuleSet { get; set; }

    /// <summary>The operands that are inputs (all but the output operand in output form).</summary>
    public Term[] InputArgs { get; set; } = [];

    public override string ToString() => Name + "(" + string.Join(", ", Args.Select(a => a.ToString())) + ")";
}
