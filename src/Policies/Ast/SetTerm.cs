using GitOpsFleet.Policies.Syntax;

namespace GitOpsFleet.Policies.Ast;

internal sealed class SetTerm(Term[] items, SourceLocation location) : Term(location)
{
    public Term[] Items { get; } = items;
}
