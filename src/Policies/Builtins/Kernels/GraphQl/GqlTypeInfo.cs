namespace GitOpsFleet.Policies.Builtins.Kernels.GraphQl;

/// <summary>A named type of a loaded schema, with its extensions merged in.</summary>
internal sealed class GqlTypeInfo(string kind, string name, GqlObject origin)
{
    public string Kind { get; } = kind;

    public string Name { get; } = name;

    public GqlObject Origin { get; } = origin;

    public bool BuiltIn { get; init; }

    public List<GqlObject> Fields { get; } = [];

    public List<GqlObject> Directives { get; } = [];

    public List<string> Interfaces { get; } = [];

    public List<string> Types { get; } = [];

    public List<GqlObject> EnumValues { get; } = [];

    public bool IsComposite => Kind is "OBJECT" or "INTERFACE" or "UNION";

    public bool IsInput => Kind is "SCALAR" or "ENUM" or "INPUT_OBJECT";

    public bool IsLeaf => Kind is "SCALAR" or "ENUM";

    public GqlObject? Field(string fieldName) => Fields.FirstOrDefault(f => f.Str("Name") == fieldName);

    public void Merge(GqlObject def)
    {
        Fields.AddRange(def.Objs("Fields"));
        Directives.AddRange(def.Objs("Directives"));
        Interfaces.AddRange(def.Strs("Interfaces"));
        Types.AddRange(def.Strs("Types"));
        EnumValues.AddRange(def.Objs("EnumValues"));
    }
}
