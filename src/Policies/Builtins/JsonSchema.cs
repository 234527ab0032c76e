using GitOpsFleet.Policies.Builtins.Kernels.JsonSchema;
using GitOpsFleet.Policies.Values;

namespace GitOpsFleet.Policies.Builtins;

/// <summary>json.verify_schema and json.match_schema: JSON Schema drafts 4/6/7 with gojsonschema's results and messages.</summary>
internal static class JsonSchema
{
    internal static void Register(BuiltinRegistry.Builder b)
    {
        var schemaOrDocument = RegoType.Or(RegoType.String, RegoType.AnyObject);
        b.Add("json.verify_schema", [schemaOrDocument], RegoType.AnyArray, (_, a) =>
        {
            try
            {
                SchemaCompiler.Compile(Load(a[0]));
                return new ArrayValue([Value.True, Value.Null]);
            }
            catch (SchemaException e)
            {
                // A bad schema is an answer here, not an error: verify_schema exists to ask that question.
                return new ArrayValue([Value.False, new StringValue("jsonschema: " + e.Message)]);
            }
        });
        b.Add("json.match_schema", [schemaOrDocument, schemaOrDocument], RegoType.AnyArray, (ctx, a) =>
        {
            try
            {
                var document = Load(a[0]);
                var schema = CompileCached(ctx, a[1]);
                var errors = SchemaValidator.Validate(schema, document);
                var items = errors.Select(e =>
                {
                    var o = new ObjectBuilder();
                    o.Set("error", new StringValue(e.Text));
                    o.Set("type", new StringValue(e.Type));
                    o.Set("field", new StringValue(e.Field));
                    o.Set("desc", new StringValue(e.Description));
                    return (Value)o.Build();
                }).ToArray();
                return new ArrayValue([Value.Bool(items.Length == 0), new ArrayValue(items)]);
            }
            catch (SchemaException e)
            {
                throw BuiltinException.Error(e.Message);
            }
            catch (System.Text.RegularExpressions.RegexMatchTimeoutException)
            {
                // Only a "pattern" too large for the linear-time engine can run on the backtracking one, under a limit.
                throw BuiltinException.Error("a schema pattern exceeded its match time limit");
            }
        });
    }

    /// <summary>Schemas are compiled once per query: a policy usually checks many documents against one schema.</summary>
    private static SchemaNode CompileCached(BuiltinContext ctx, Value schema)
    {
        var key = "json.match_schema:" + schema.Kind + ":" + schema.ToJson();
        if (ctx.Cache.TryGetValue(key, out var cached) && cached is SchemaNode node)
        {
            return node;
        }

        node = SchemaCompiler.Compile(Load(schema));
        ctx.Cache[key] = node;
        return node;
    }

    /// <summary>A string is JSON text; an object or array is taken as the JSON it converts to (sets become arrays).</summary>
    private static Value Load(Value v) => v switch
    {
        StringValue s => ValueJson.TryParse(s.Value, out var parsed) ? parsed : throw new SchemaException("invalid JSON string"),
        ObjectValue or ArrayValue => SchemaJson.ToJson(v),
        _ => throw new SchemaException("wrong type, expected string or object"),
    };
}
