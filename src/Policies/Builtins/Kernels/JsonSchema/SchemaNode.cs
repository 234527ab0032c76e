using System.Text.RegularExpressions;
using GitOpsFleet.Policies.Values;

namespace GitOpsFleet.Policies.Builtins.Kernels.JsonSchema;

/// <summary>One compiled (sub)schema. Filled in by <see cref="SchemaCompiler"/>, read by <see cref="SchemaValidator"/>.</summary>
internal sealed class SchemaNode
{
    public SchemaNode(string property, int draft)
    {
        Property = property;
        Draft = draft;
    }

    public string Property { get; }

    public int Draft { get; }

    /// <summary>Set for the boolean schemas of draft 6+: true accepts everything, false nothing.</summary>
    public bool? Pass { get; set; }

    /// <summary>Where a $ref points; when set, every other keyword of this node is ignored.</summary>
    public SchemaNode? Ref { get; set; }

    public List<string> Types { get; } = [];

    public List<SchemaNode> Properties { get; } = [];

    /// <summary>False, true (the default) or a schema.</summary>
    public object AdditionalProperties { get; set; } = true;

    public List<(string Pattern, Regex Regex, SchemaNode Schema)> PatternProperties { get; } = [];

    public SchemaNode? PropertyNames { get; set; }

    /// <summary>Property name to either a list of required names or a schema.</summary>
    public List<(string Name, object Dependency)> Dependencies { get; } = [];

    public List<SchemaNode> Items { get; } = [];

    public bool ItemsIsSingleSchema { get; set; }

    /// <summary>False, true (the default) or a schema.</summary>
    public object AdditionalItems { get; set; } = true;

    public NumberValue? MultipleOf { get; set; }

    public NumberValue? Minimum { get; set; }

    public NumberValue? ExclusiveMinimum { get; set; }

    public NumberValue? Maximum { get; set; }

    public NumberValue? ExclusiveMaximum { get; set; }

    public long? MinLength { get; set; }

    public long? MaxLength { get; set; }

    public string? PatternText { get; set; }

    public Regex? Pattern { get; set; }

    public string? Format { get; set; }

    public long? MinProperties { get; set; }

    public long? MaxProperties { get; set; }

    public List<string> Required { get; } = [];

    public long? MinItems { get; set; }

    public long? MaxItems { get; set; }

    public bool UniqueItems { get; set; }

    public SchemaNode? Contains { get; set; }

    /// <summary>The const value in its comparison form (see <see cref="SchemaJson.Canonical"/>).</summary>
    public string? Const { get; set; }

    public bool EnumPresent { get; set; }

    public List<string> Enum { get; } = [];

    public List<SchemaNode> OneOf { get; } = [];

    public List<SchemaNode> AnyOf { get; } = [];

    public List<SchemaNode> AllOf { get; } = [];

    public SchemaNode? Not { get; set; }

    public SchemaNode? If { get; set; }

    public SchemaNode? Then { get; set; }

    public SchemaNode? Else { get; set; }

    public string TypesText => Types.Count switch
    {
        0 => "undefined",
        1 => Types[0],
        _ => "[" + string.Join(",", Types) + "]",
    };
}
