using GitOpsFleet.Policies.Syntax;

namespace GitOpsFleet.Policies.Ast;

internal sealed class ObjectTerm(Term[] keys, Term[] values, SourceLocation location) : Term(location)
{
    public Term[] Keys { get; } = keys;

    public Term[] Values { get; } = values;
}
