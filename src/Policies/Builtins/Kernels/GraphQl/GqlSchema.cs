namespace GitOpsFleet.Policies.Builtins.Kernels.GraphQl;

/// <summary>
/// A schema loaded from a parsed SDL document plus the built-in prelude (scalars, standard directives, introspection
/// types), validated the way OPA's GraphQL library validates schemas. <see cref="Load"/> throws the first error.
/// </summary>
internal sealed class GqlSchema
{
    private const string Prelude = """
        scalar Int
        scalar Float
        scalar String
        scalar Boolean
        scalar ID
        directive @include(if: Boolean!) on FIELD | FRAGMENT_SPREAD | INLINE_FRAGMENT
        directive @skip(if: Boolean!) on FIELD | FRAGMENT_SPREAD | INLINE_FRAGMENT
        directive @deprecated(reason: String = "No longer supported") on FIELD_DEFINITION | ARGUMENT_DEFINITION | INPUT_FIELD_DEFINITION | ENUM_VALUE
        directive @specifiedBy(url: String!) on SCALAR
        directive @oneOf on INPUT_OBJECT
        type __Schema { description: String types: [__Type!]! queryType: __Type! mutationType: __Type subscriptionType: __Type directives: [__Directive!]! }
        type __Type { kind: __TypeKind! name: String description: String specifiedByURL: String fields(includeDeprecated: Boolean = false): [__Field!] interfaces: [__Type!] possibleTypes: [__Type!] enumValues(includeDeprecated: Boolean = false): [__EnumValue!] inputFields(includeDeprecated: Boolean = false): [__InputValue!] ofType: __Type isOneOf: Boolean }
        enum __TypeKind { SCALAR OBJECT INTERFACE UNION ENUM INPUT_OBJECT LIST NON_NULL }
        type __Field { name: String! description: String args(includeDeprecated: Boolean = false): [__InputValue!]! type: __Type! isDeprecated: Boolean! deprecationReason: String }
        type __InputValue { name: String! description: String type: __Type! defaultValue: String isDeprecated: Boolean! deprecationReason: String }
        type __EnumValue { name: String! description: String isDeprecated: Boolean! deprecationReason: String }
        type __Directive { name: String! description: String locations: [__DirectiveLocation!]! args(includeDeprecated: Boolean = false): [__InputValue!]! isRepeatable: Boolean! }
        enum __DirectiveLocation { QUERY MUTATION SUBSCRIPTION FIELD FRAGMENT_DEFINITION FRAGMENT_SPREAD INLINE_FRAGMENT VARIABLE_DEFINITION SCHEMA SCALAR OBJECT FIELD_DEFINITION ARGUMENT_DEFINITION INTERFACE UNION ENUM ENUM_VALUE INPUT_OBJECT INPUT_FIELD_DEFINITION }
        """;

    private static readonly Lazy<GqlObject> PreludeDocument = new(() => GqlParser.ParseSchema(Prelude));

    private GqlSchema()
    {
    }

    public Dictionary<string, GqlTypeInfo> Types { get; } = new(StringComparer.Ordinal);

    public Dictionary<string, GqlObject> Directives { get; } = new(StringComparer.Ordinal);

    public string? Query { get; private set; }

    public string? Mutation { get; private set; }

    public string? Subscription { get; private set; }

    public GqlTypeInfo? Type(string name) => Types.GetValueOrDefault(name);

    public string? RootFor(string operation) => operation switch
    {
        "query" => Query,
        "mutation" => Mutation,
        "subscription" => Subscription,
        _ => null,
    };

    public static GqlSchema Load(GqlObject document)
    {
        var schema = new GqlSchema();
        schema.AddDocument(PreludeDocument.Value, builtIn: true);
        schema.AddDocument(document, builtIn: false);
        schema.Validate(document);
        return schema;
    }

    private static GqlException Err(GqlObject at, string message) => new(message, at.Line, at.Column);

    private void AddDocument(GqlObject doc, bool builtIn)
    {
        foreach (var def in doc.Objs("Definitions"))
        {
            var name = def.Str("Name");
            if (Types.ContainsKey(name))
            {
                throw Err(def, $"Cannot redeclare type {name}.");
            }

            var info = new GqlTypeInfo(def.Str("Kind"), name, def) { BuiltIn = builtIn };
            info.Merge(def);
            Types[name] = info;
        }

        foreach (var ext in doc.Objs("Extensions"))
        {
            var name = ext.Str("Name");
            var kind = ext.Str("Kind");
            if (!Types.TryGetValue(name, out var info))
            {
                // Extending an unknown type declares it (federated schemas rely on this).
                info = new GqlTypeInfo(kind, name, ext);
                Types[name] = info;
            }
            else if (info.Kind != kind)
            {
                throw Err(ext, $"Cannot extend type {name} because the base type is a {info.Kind}, not {kind}.");
            }

            info.Merge(ext);
        }

        foreach (var dir in doc.Objs("Directives"))
        {
            var name = dir.Str("Name");
            if (Directives.ContainsKey(name) && !builtIn)
            {
                throw Err(dir, $"Cannot redeclare directive {name}.");
            }

            Directives[name] = dir;
        }
    }

    private void Validate(GqlObject doc)
    {
        foreach (var dir in doc.Objs("Directives"))
        {
            ValidateName(dir, dir.Str("Name"));
            foreach (var arg in dir.Objs("Arguments"))
            {
                ValidateInputValue(arg, $"Directive {dir.Str("Name")}", "ARGUMENT_DEFINITION");
            }
        }

        foreach (var info in Types.Values.Where(t => !t.BuiltIn))
        {
            ValidateType(info);
        }

        var schemaDefs = doc.Objs("Schema").ToList();
        if (schemaDefs.Count > 1)
        {
            throw Err(schemaDefs[1], "Cannot have multiple schema entry points, consider schema extensions instead.");
        }

        var opTypes = new List<GqlObject>();
        foreach (var s in schemaDefs.Concat(doc.Objs("SchemaExtension")))
        {
            ValidateDirectives(s.Objs("Directives"), "SCHEMA");
            opTypes.AddRange(s.Objs("OperationTypes"));
        }

        if (schemaDefs.Count == 0 && opTypes.Count == 0)
        {
            Query = Types.ContainsKey("Query") ? "Query" : null;
            Mutation = Types.ContainsKey("Mutation") ? "Mutation" : null;
            Subscription = Types.ContainsKey("Subscription") ? "Subscription" : null;
            return;
        }

        foreach (var op in opTypes)
        {
            var typeName = op.Str("Type");
            if (!Types.TryGetValue(typeName, out var t))
            {
                throw Err(op, $"Schema root {op.Str("Operation")} refers to a type {typeName} that does not exist.");
            }

            if (t.Kind != "OBJECT")
            {
                throw Err(op, $"Schema root {op.Str("Operation")} must be an OBJECT type.");
            }

            switch (op.Str("Operation"))
            {
                case "query": Query = typeName; break;
                case "mutation": Mutation = typeName; break;
                default: Subscription = typeName; break;
            }
        }
    }

    private static void ValidateName(GqlObject at, string name)
    {
        if (name.StartsWith("__", StringComparison.Ordinal))
        {
            throw Err(at, $"Name \"{name}\" must not begin with \"__\", which is reserved by GraphQL introspection.");
        }
    }

    private void ValidateType(GqlTypeInfo t)
    {
        var at = t.Origin;
        ValidateName(at, t.Name);
        ValidateDirectives(t.Directives, t.Kind);
        switch (t.Kind)
        {
            case "OBJECT" or "INTERFACE":
                if (t.Fields.Count == 0)
                {
                    throw Err(at, $"{t.Kind} {t.Name}: must define one or more fields.");
                }

                foreach (var field in t.Fields)
                {
                    ValidateName(field, field.Str("Name"));
                    var ft = RequireType(field, field.Obj("Type"));
                    if (ft.Kind == "INPUT_OBJECT")
                    {
                        throw Err(field, $"{t.Kind} {field.Str("Name")}: field must be one of SCALAR, OBJECT, INTERFACE, UNION, ENUM.");
                    }

                    foreach (var arg in field.Objs("Arguments"))
                    {
                        ValidateInputValue(arg, $"{t.Kind} {t.Name}", "ARGUMENT_DEFINITION");
                    }

                    ValidateDirectives(field.Objs("Directives"), "FIELD_DEFINITION");
                }

                foreach (var iface in t.Interfaces)
                {
                    if (!Types.TryGetValue(iface, out var it))
                    {
                        throw Err(at, $"Undefined type {GqlStrings.Quote(iface)}.");
                    }

                    if (it.Kind != "INTERFACE")
                    {
                        throw Err(at, $"{t.Name} is a non interface type {iface}.");
                    }

                    foreach (var f in it.Fields)
                    {
                        if (t.Field(f.Str("Name")) is null)
                        {
                            throw Err(at, $"For {t.Name} to implement {iface} it must have a field called {f.Str("Name")}.");
                        }
                    }

                    foreach (var transitive in it.Interfaces)
                    {
                        if (!t.Interfaces.Contains(transitive))
                        {
                            throw Err(at, $"{t.Name} must implement {transitive} because it is implemented by {iface}.");
                        }
                    }
                }

                break;
            case "UNION":
                if (t.Types.Count == 0)
                {
                    throw Err(at, $"UNION {t.Name}: must define one or more unique member types.");
                }

                foreach (var member in t.Types)
                {
                    if (!Types.TryGetValue(member, out var mt))
                    {
                        throw Err(at, $"Undefined type {GqlStrings.Quote(member)}.");
                    }

                    if (mt.Kind != "OBJECT")
                    {
                        throw Err(at, $"UNION type {GqlStrings.Quote(member)} must be OBJECT.");
                    }
                }

                break;
            case "ENUM":
                if (t.EnumValues.Count == 0)
                {
                    throw Err(at, $"ENUM {t.Name}: must define one or more unique enum values.");
                }

                foreach (var v in t.EnumValues)
                {
                    ValidateDirectives(v.Objs("Directives"), "ENUM_VALUE");
                }

                break;
            case "INPUT_OBJECT":
                if (t.Fields.Count == 0)
                {
                    throw Err(at, $"INPUT_OBJECT {t.Name}: must define one or more input fields.");
                }

                foreach (var field in t.Fields)
                {
                    ValidateInputValue(field, $"INPUT_OBJECT {t.Name}", "INPUT_FIELD_DEFINITION");
                }

                break;
        }
    }

    private void ValidateInputValue(GqlObject arg, string owner, string location)
    {
        ValidateName(arg, arg.Str("Name"));
        var at = RequireType(arg, arg.Obj("Type"));
        if (!at.IsInput)
        {
            throw Err(arg, $"{owner}: field must be one of SCALAR, ENUM, INPUT_OBJECT.");
        }

        ValidateDirectives(arg.Objs("Directives"), location);
    }

    private GqlTypeInfo RequireType(GqlObject at, GqlObject? type)
    {
        var name = NamedType(type);
        return Types.TryGetValue(name, out var t) ? t : throw Err(at, $"Undefined type {name}.");
    }

    public static string NamedType(GqlObject? type)
    {
        while (type is not null && type.Str("NamedType").Length == 0 && type.Obj("Elem") is { } elem)
        {
            type = elem;
        }

        return type?.Str("NamedType") ?? "";
    }

    public static string TypeString(GqlObject? type)
    {
        if (type is null)
        {
            return "";
        }

        var inner = type.Obj("Elem") is { } elem && type.Str("NamedType").Length == 0 ? "[" + TypeString(elem) + "]" : type.Str("NamedType");
        return type.Bool("NonNull") ? inner + "!" : inner;
    }

    private void ValidateDirectives(IEnumerable<GqlObject> directives, string location)
    {
        foreach (var d in directives)
        {
            var name = d.Str("Name");
            if (!Directives.TryGetValue(name, out var def))
            {
                throw Err(d, $"Undefined directive {name}.");
            }

            if (!def.Strs("Locations").Contains(location))
            {
                throw Err(d, $"Directive {name} is not applicable on {location}.");
            }
        }
    }
}
