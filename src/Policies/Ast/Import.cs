using GitOpsFleet.Policies.Syntax;

namespace GitOpsFleet.Policies.Ast;

/// <summary><c>import data.a.b as c</c>: <see cref="Path"/> is ["data","a","b"].</summary>
internal sealed record Import(string[] Path, string? Alias, SourceLocation Location)
{
    public string Name => Alias ?? Path[^1];
}
