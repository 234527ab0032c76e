namespace GitOpsFleet.Policies.Builtins;

/// <summary>The typed signature of a builtin, kept apart from its implementation.</summary>
/// <param name="Name">Full dotted name, e.g. <c>strings.replace_n</c>.</param>
/// <param name="Args">Operand types; the arity is their count (unless <paramref name="Variadic"/>).</param>
/// <param name="Result">Result type.</param>
/// <param name="Variadic">Accepts any number of operands (only <c>print</c> in OPA).</param>
/// <param name="Nondeterministic">Result may differ between queries (time, rand, http); never cached across queries.</param>
internal sealed record BuiltinDeclaration(
    string Name,
    IReadOnlyList<RegoType> Args,
    RegoType Result,
    bool Variadic = false,
    bool Nondeterministic = false)
{
    public int Arity => Args.Count;
}
