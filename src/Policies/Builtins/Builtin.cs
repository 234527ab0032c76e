namespace GitOpsFleet.Policies.Builtins;

/// <summary>A registered builtin: its declaration and exactly one of a function or a relation.</summary>
internal sealed record Builtin(BuiltinDeclaration Declaration, BuiltinFunction? Function, BuiltinRelation? Relation)
{
    public string Name => Declaration.Name;
}
