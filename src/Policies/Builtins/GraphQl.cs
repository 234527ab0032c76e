using GitOpsFleet.Policies.Builtins.Kernels.GraphQl;
using GitOpsFleet.Policies.Values;

namespace GitOpsFleet.Policies.Builtins;

/// <summary>graphql.*: parsing of queries and schemas (to OPA's AST objects) and validation of queries against schemas.</summary>
internal static class GraphQl
{
    private static readonly RegoType StringOrObject = RegoType.Or(RegoType.String, RegoType.Object(RegoType.Any, RegoType.Any));

    internal static void Register(BuiltinRegistry.Builder b)
    {
        b.Add("graphql.parse_query", [RegoType.String], RegoType.AnyObject, (_, a) => ToValue(ParseQuery(Args.String(a, 0))));
        b.Add("graphql.parse_schema", [RegoType.String], RegoType.AnyObject, (_, a) => ToValue(ParseSchema(Args.String(a, 0))));
        b.Add("graphql.parse", [StringOrObject, StringOrObject], RegoType.AnyArray, (_, a) =>
        {
            var (query, schemaDoc) = Validated(a);
            return new ArrayValue([ToValue(query), ToValue(schemaDoc)]);
        });
        b.Add("graphql.parse_and_verify", [StringOrObject, StringOrObject], RegoType.AnyArray, (_, a) =>
        {
            try
            {
                var (query, schemaDoc) = Validated(a);
                return new ArrayValue([Value.True, ToValue(query), ToValue(schemaDoc)]);
            }
            catch (BuiltinException e) when (e.Code == BuiltinException.BuiltinErrorCode)
            {
                return new ArrayValue([Value.False, ObjectValue.Empty, ObjectValue.Empty]);
            }
        });
        b.Add("graphql.is_valid", [StringOrObject, StringOrObject], RegoType.Boolean, (_, a) =>
        {
            try
            {
                Validated(a);
                return Value.True;
            }
            catch (BuiltinException e) when (e.Code == BuiltinException.BuiltinErrorCode)
            {
                return Value.False;
            }
        });
        b.Add("graphql.schema_is_valid", [StringOrObject], RegoType.Boolean, (_, a) =>
        {
            try
            {
                GqlApi.LoadSchema(SchemaDocument(a, 0));
                return Value.True;
            }
            catch (BuiltinException e) when (e.Code == BuiltinException.BuiltinErrorCode)
            {
                return Value.False;
            }
            catch (GqlException)
            {
                return Value.False;
            }
        });
    }

    private static (GqlObject Query, GqlObject Schema) Validated(Value[] a)
    {
        var schemaDoc = SchemaDocument(a, 1);
        var query = QueryDocument(a, 0);
        GqlSchema schema;
        try
        {
            schema = GqlApi.LoadSchema(schemaDoc);
        }
        catch (GqlException e)
        {
            throw BuiltinException.Error(GqlApi.Describe(e, "schema string"));
        }

        var errors = GqlApi.ValidateQuery(schema, query);
        if (errors.Count > 0)
        {
            throw BuiltinException.Error(GqlApi.Describe(errors[0], "query string"));
        }

        return (query, schemaDoc);
    }

    private static GqlObject QueryDocument(Value[] a, int i) => a[i] switch
    {
        StringValue s => ParseQuery(s.Value),
        ObjectValue o => FromValue(o),
        _ => throw Args.TypeError(i, a[i], "string", "object"),
    };

    private static GqlObject SchemaDocument(Value[] a, int i) => a[i] switch
    {
        StringValue s => ParseSchema(s.Value),
        ObjectValue o => FromValue(o),
        _ => throw Args.TypeError(i, a[i], "string", "object"),
    };

    private static GqlObject ParseQuery(string text)
    {
        try
        {
            return GqlApi.ParseQuery(text);
        }
        catch (GqlException e)
        {
            throw BuiltinException.Error(GqlApi.Describe(e, "string"));
        }
    }

    private static GqlObject ParseSchema(string text)
    {
        try
        {
            return GqlApi.ParseSchema(text);
        }
        catch (GqlException e)
        {
            throw BuiltinException.Error(GqlApi.Describe(e, "string"));
        }
    }

    private static Value ToValue(object? node) => node switch
    {
        GqlObject o => ToObject(o),
        List<object?> list => new ArrayValue(list.Select(ToValue)),
        string s => new StringValue(s),
        bool b => Value.Bool(b),
        long l => Value.Number(l),
        _ => Value.Null,
    };

    private static ObjectValue ToObject(GqlObject o)
    {
        var builder = new ObjectBuilder();
        foreach (var (k, v) in o.Fields)
        {
            builder.Set(k, ToValue(v));
        }

        return builder.Build();
    }

    private static GqlObject FromValue(ObjectValue o)
    {
        var result = new GqlObject();
        foreach (var (k, v) in o.Pairs)
        {
            if (k is StringValue key && FromAny(v) is { } converted)
            {
                result.Set(key.Value, converted);
            }
        }

        return result;
    }

    private static object? FromAny(Value v) => v switch
    {
        ObjectValue o => FromValue(o),
        ArrayValue arr => arr.AsList().Select(FromAny).ToList(),
        SetValue set => set.AsList().Select(FromAny).ToList(),
        StringValue s => s.Value,
        BooleanValue b => b.Value,
        NumberValue n => n.TryGetInt64(out var l) ? l : (long)n.ToDouble(),
        _ => null,
    };
}
