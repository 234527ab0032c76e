using GitOpsFleet.Policies.Syntax;

namespace GitOpsFleet.Policies.Ast;

/// <summary>A variable. The compiler assigns <see cref="Slot"/>, its index in the evaluation frame.</summary>
internal sealed class VarTerm(string name, SourceLocation location) : Term(location)
{
    public string Name { get; set; } = name;

    public int Slot { get; set; } = -1;

    /// <summary>Generated for <c>_</c> or by desugaring: never reported in query results.</summary>
    public bool IsGenerated => Name.StartsWith('$') || Name.StartsWith("__local", StringComparison.Ordinal);

    public override string ToString() => Name;
}
