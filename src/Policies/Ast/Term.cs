using GitOpsFleet.Policies.Syntax;

namespace GitOpsFleet.Policies.Ast;

/// <summary>A Rego term. Nodes are mutable only while the compiler annotates them (variable slots).</summary>
internal abstract class Term
{
    protected Term(SourceLocation location) => Location = location;

    public SourceLocation Location { get; }

    /// <summary>True when the term holds no variables, refs, calls or comprehensions.</summary>
    public virtual bool IsGround => false;
}
