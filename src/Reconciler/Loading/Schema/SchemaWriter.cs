using System.Text.Encodings.Web;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace GitOpsFleet.Loading.Schema;

/// <summary>Turns field tables into JSON Schema objects, one shape per <see cref="FieldType"/>.</summary>
internal sealed class SchemaWriter(FleetLoadOptions options)
{
    private const string Draft = "https://json-schema.org/draft/2020-12/schema";

    // The files are read by people and editors, not embedded in HTML: keep quotes and '+' readable.
    private static readonly JsonSerializerOptions Output = new() { WriteIndented = true, Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping };

    public string Document(string kind, string fileName, string description, FieldTable specFields, bool specRequired)
    {
        var root = new JsonObject
        {
            ["$schema"] = Draft,
            ["title"] = $"GitOpsFleet {fileName} (kind {kind})",
            ["description"] = description,
        };
        // The envelope is shared by every kind; only kind's value and spec's fields differ.
        var fields = ManifestReader.RootFields.Fields.Select(f => f.Name switch
        {
            "kind" => f with { Constant = kind },
            "spec" => f with { Fields = specFields, Required = specRequired },
            _ => f,
        });
        foreach (var (key, value) in Mapping(new FieldTable(fields.ToArray()), nullable: false))
        {
            root[key] = value?.DeepClone();
        }
        var text = root.ToJsonString(Output).ReplaceLineEndings("\n");
        return text + "\n";
    }

    private JsonObject Field(KnownField field)
    {
        // The loader reads a key written without a value (or as null) as absent, so only required fields refuse null.
        var nullable = !field.Required;
        var schema = field.Type switch
        {
            FieldType.Text when field.Constant is { } constant => new JsonObject { ["const"] = constant },
            FieldType.Text => Typed(nullable, "string", "number", "boolean"),
            FieldType.Integer => Bounded(Typed(nullable, "integer"), field),
            FieldType.Boolean => Typed(nullable, "boolean"),
            FieldType.Duration or FieldType.Url or FieldType.RepositoryPath => Typed(nullable, "string"),
            FieldType.Choice => Choices(field, nullable),
            FieldType.Mapping => Mapping(field.Fields ?? new FieldTable(), nullable),
            FieldType.IntegerList => List(field, nullable),
            FieldType.NameList => NameList(field, nullable),
            FieldType.ChoiceList => ChoiceList(field, nullable),
            FieldType.MappingList => MappingList(field, nullable),
            FieldType.StringMap => StringMap(nullable),
            FieldType.AnyMapping => Typed(nullable, "object"),
            _ => throw new InvalidOperationException($"no schema for field type {field.Type}"),
        };
        var described = new JsonObject { ["description"] = field.Description };
        foreach (var (key, value) in schema)
        {
            described[key] = value?.DeepClone();
        }
        if (field.Pattern is { } pattern)
        {
            described["pattern"] = pattern;
        }
        if (field.MaxLength is { } maxLength)
        {
            described["maxLength"] = maxLength;
        }
        return described;
    }

    private JsonObject Mapping(FieldTable fields, bool nullable)
    {
        var properties = new JsonObject();
        foreach (var field in fields.Fields)
        {
            properties[field.Name] = Field(field);
        }
        var schema = Typed(nullable, "object");
        schema["properties"] = properties;
        var required = fields.Fields.Where(f => f.Required).Select(f => (JsonNode?)f.Name).ToArray();
        if (required.Length > 0)
        {
            schema["required"] = new JsonArray(required);
        }
        // Every mapping the loader reads through a field table reports unknown keys as errors.
        schema["additionalProperties"] = false;
        if (fields.Requirements.Count > 0)
        {
            schema["allOf"] = new JsonArray(fields.Requirements.Select(r => (JsonNode?)Requirement(r)).ToArray());
        }
        return schema;
    }

    /// <summary>if the field holds one of the values, then the other is present and not null (the loader reads null as absent).</summary>
    private static JsonObject Requirement(FieldRequirement requirement) => new()
    {
        ["if"] = new JsonObject
        {
            ["properties"] = new JsonObject
            {
                [requirement.When] = new JsonObject { ["enum"] = new JsonArray(requirement.Values.Select(v => (JsonNode?)v).ToArray()) },
            },
            ["required"] = new JsonArray(requirement.When),
        },
        ["then"] = new JsonObject
        {
            ["properties"] = new JsonObject { [requirement.Required] = new JsonObject { ["not"] = new JsonObject { ["type"] = "null" } } },
            ["required"] = new JsonArray(requirement.Required),
        },
    };

    private JsonObject Bounded(JsonObject schema, KnownField field)
    {
        if (field.Minimum is { } minimum)
        {
            schema["minimum"] = minimum;
        }
        var maximum = field.BoundedByReplicaLimit ? options.MaxReplicasPerPool : field.Maximum;
        if (maximum is { } max)
        {
            schema["maximum"] = max;
        }
        return schema;
    }

    private static JsonObject Choices(KnownField field, bool nullable)
    {
        var values = new JsonArray((field.Choices ?? []).Select(c => (JsonNode?)c).ToArray());
        if (nullable)
        {
            values.Add(null);
        }
        return new JsonObject { ["enum"] = values };
    }

    /// <summary>The pattern applies to each name, not to the list, so it goes on the items (and is left off the list below).</summary>
    private static JsonObject NameList(KnownField field, bool nullable)
    {
        var schema = Typed(nullable, "array");
        var item = Typed(nullable: false, "string");
        if (field.ItemPattern is { } pattern) item["pattern"] = pattern;
        schema["items"] = item;
        schema["uniqueItems"] = true;
        return schema;
    }

    private static JsonObject ChoiceList(KnownField field, bool nullable)
    {
        var schema = Typed(nullable, "array");
        schema["items"] = new JsonObject { ["enum"] = new JsonArray((field.Choices ?? []).Select(c => (JsonNode?)c).ToArray()) };
        schema["uniqueItems"] = true;
        if (field.Required) schema["minItems"] = 1;
        return schema;
    }

    private JsonObject MappingList(KnownField field, bool nullable)
    {
        var schema = Typed(nullable, "array");
        schema["items"] = Mapping(field.Fields ?? new FieldTable(), nullable: false);
        return schema;
    }

    private JsonObject List(KnownField field, bool nullable)
    {
        var schema = Typed(nullable, "array");
        schema["items"] = Bounded(Typed(nullable: false, "integer"), field);
        return schema;
    }

    private static JsonObject StringMap(bool nullable)
    {
        var schema = Typed(nullable, "object");
        // A label's value is any scalar, read as text; null reads as "".
        schema["additionalProperties"] = Typed(nullable: true, "string", "number", "boolean");
        return schema;
    }

    private static JsonObject Typed(bool nullable, params string[] types)
    {
        var all = nullable ? [.. types, "null"] : types;
        return new JsonObject { ["type"] = all.Length == 1 ? all[0] : new JsonArray(all.Select(t => (JsonNode?)t).ToArray()) };
    }
}
