using GitOpsFleet.Policies.Syntax;

namespace GitOpsFleet.Policies.Ast;

/// <summary>A reference: a head term followed by path operands (<c>data.a[x].b</c>, <c>arr[0]</c>).</summary>
internal sealed class RefTerm(Term head, Term[] path, SourceLocation location) : Term(location)
{
    public Term Head { get; set; } = head;

    public Term[] Path { get; set; } = path;

    /// <summary>Set by the compiler when the ref starts at data: the ground string prefix after "data".</summary>
    public string[]? DataPrefix { get; set; }

    public override string ToString() => Head + string.Concat(Path.Select(p => p is ValueTerm { Value: Values.StringValue s } ? "." + s.Value : "[" + p + "]"));
}
