namespace GitOpsFleet.Policies.Builtins.Kernels.GraphQl;

/// <summary>
/// Recursive-descent parser for GraphQL executable documents and SDL. Produces <see cref="GqlObject"/> trees whose field
/// names and value kinds follow the AST OPA exposes from its GraphQL builtins (Go struct field names).
/// </summary>
internal sealed class GqlParser
{
    private static readonly HashSet<string> DirectiveLocations =
    [
        "QUERY", "MUTATION", "SUBSCRIPTION", "FIELD", "FRAGMENT_DEFINITION", "FRAGMENT_SPREAD", "INLINE_FRAGMENT",
        "VARIABLE_DEFINITION", "SCHEMA", "SCALAR", "OBJECT", "FIELD_DEFINITION", "ARGUMENT_DEFINITION", "INTERFACE",
        "UNION", "ENUM", "ENUM_VALUE", "INPUT_OBJECT", "INPUT_FIELD_DEFINITION",
    ];

    private readonly GqlLexer lexer;
    private GqlToken current;
    private GqlToken prev;

    private GqlParser(string source)
    {
        lexer = new GqlLexer(source);
        current = lexer.Next();
    }

    public static GqlObject ParseQuery(string source) => new GqlParser(source).QueryDocument();

    public static GqlObject ParseSchema(string source) => new GqlParser(source).SchemaDocument();

    private GqlToken Peek => current;

    private GqlToken Advance()
    {
        prev = current;
        current = lexer.Next();
        return prev;
    }

    private bool Skip(GqlTokenKind kind)
    {
        if (current.Kind != kind)
        {
            return false;
        }

        Advance();
        return true;
    }

    private GqlToken Expect(GqlTokenKind kind)
    {
        if (current.Kind != kind)
        {
            throw Error(current, $"Expected {GqlToken.KindText(kind)}, found {current}");
        }

        return Advance();
    }

    private void ExpectKeyword(string word)
    {
        if (current.Kind != GqlTokenKind.Name || current.Value != word)
        {
            throw Error(current, $"Expected \"{word}\", found {current}");
        }

        Advance();
    }

    private static GqlException Error(GqlToken at, string message) => new(message, at.Line, at.Column);

    private static GqlException Unexpected(GqlToken at) => Error(at, $"Unexpected {at}");

    private List<object?> Many(GqlTokenKind start, GqlTokenKind end, Func<object?> item)
    {
        var list = new List<object?>();
        if (!Skip(start))
        {
            return list;
        }

        while (current.Kind != end)
        {
            list.Add(item());
        }

        Advance();
        return list;
    }

    private List<object?> Some(GqlTokenKind start, GqlTokenKind end, Func<object?> item)
    {
        Expect(start);
        var list = new List<object?>();
        while (current.Kind != end)
        {
            list.Add(item());
        }

        if (list.Count == 0)
        {
            throw Error(current, $"expected at least one definition, found {GqlToken.KindText(current.Kind)}");
        }

        Advance();
        return list;
    }

    private string Name() => Expect(GqlTokenKind.Name).Value;

    // ---- executable documents ----
    private GqlObject QueryDocument()
    {
        var operations = new List<object?>();
        var fragments = new List<object?>();
        while (current.Kind != GqlTokenKind.Eof)
        {
            if (current.Kind == GqlTokenKind.BraceL)
            {
                operations.Add(OperationDefinition());
            }
            else if (current.Kind == GqlTokenKind.Name && current.Value is "query" or "mutation" or "subscription")
            {
                operations.Add(OperationDefinition());
            }
            else if (current.Kind == GqlTokenKind.Name && current.Value == "fragment")
            {
                fragments.Add(FragmentDefinition());
            }
            else
            {
                throw Unexpected(current);
            }
        }

        return new GqlObject(1, 1).Set("Operations", operations).Set("Fragments", fragments);
    }

    private GqlObject OperationDefinition()
    {
        var start = current;
        var op = new GqlObject(start.Line, start.Column);
        if (current.Kind == GqlTokenKind.BraceL)
        {
            return op.Set("Operation", "query").Set("Name", "").Set("SelectionSet", SelectionSet());
        }

        op.Set("Operation", Advance().Value);
        op.Set("Name", current.Kind == GqlTokenKind.Name ? Advance().Value : "");
        op.Set("VariableDefinitions", VariableDefinitions());
        op.Set("Directives", Directives(false));
        op.Set("SelectionSet", SelectionSet());
        return op;
    }

    private List<object?> VariableDefinitions() => Many(GqlTokenKind.ParenL, GqlTokenKind.ParenR, () =>
    {
        var at = Expect(GqlTokenKind.Dollar);
        var def = new GqlObject(at.Line, at.Column).Set("Variable", Name());
        Expect(GqlTokenKind.Colon);
        def.Set("Type", TypeReference());
        if (Skip(GqlTokenKind.Equals))
        {
            def.Set("DefaultValue", Value(true));
        }

        def.Set("Directives", Directives(true));
        def.Set("Used", false);
        return def;
    });

    private List<object?> SelectionSet() => Some(GqlTokenKind.BraceL, GqlTokenKind.BraceR, Selection);

    private object? Selection()
    {
        return current.Kind == GqlTokenKind.Spread ? Fragment() : Field();
    }

    private GqlObject Field()
    {
        var at = current;
        var name = Name();
        var alias = name;
        if (Skip(GqlTokenKind.Colon))
        {
            name = Name();
        }

        var field = new GqlObject(at.Line, at.Column).Set("Alias", alias).Set("Name", name);
        field.Set("Arguments", Arguments(false));
        field.Set("Directives", Directives(false));
        if (current.Kind == GqlTokenKind.BraceL)
        {
            field.Set("SelectionSet", SelectionSet());
        }

        return field;
    }

    private List<object?> Arguments(bool isConst) => Many(GqlTokenKind.ParenL, GqlTokenKind.ParenR, () =>
    {
        var at = current;
        var arg = new GqlObject(at.Line, at.Column).Set("Name", Name());
        Expect(GqlTokenKind.Colon);
        return arg.Set("Value", Value(isConst));
    });

    private GqlObject Fragment()
    {
        var at = Expect(GqlTokenKind.Spread);
        if (current.Kind == GqlTokenKind.Name && current.Value != "on")
        {
            return new GqlObject(at.Line, at.Column).Set("Name", Name()).Set("Directives", Directives(false));
        }

        var inline = new GqlObject(at.Line, at.Column);
        var typeCondition = "";
        if (current.Kind == GqlTokenKind.Name && current.Value == "on")
        {
            Advance();
            typeCondition = Name();
        }

        inline.Set("TypeCondition", typeCondition);
        inline.Set("Directives", Directives(false));
        inline.Set("SelectionSet", SelectionSet());
        return inline;
    }

    private GqlObject FragmentDefinition()
    {
        var at = current;
        ExpectKeyword("fragment");
        if (current.Kind == GqlTokenKind.Name && current.Value == "on")
        {
            throw Unexpected(current);
        }

        var frag = new GqlObject(at.Line, at.Column).Set("Name", Name());
        frag.Set("VariableDefinition", VariableDefinitions());
        ExpectKeyword("on");
        frag.Set("TypeCondition", Name());
        frag.Set("Directives", Directives(false));
        frag.Set("SelectionSet", SelectionSet());
        return frag;
    }

    private List<object?> Directives(bool isConst)
    {
        var list = new List<object?>();
        while (current.Kind == GqlTokenKind.At)
        {
            var at = Advance();
            var d = new GqlObject(at.Line, at.Column).Set("Name", Name());
            d.Set("Arguments", Arguments(isConst));
            d.Set("Location", "");
            list.Add(d);
        }

        return list;
    }

    private GqlObject Value(bool isConst)
    {
        var tok = current;
        GqlObject Scalar(long kind) => new GqlObject(tok.Line, tok.Column)
            .Set("Raw", Advance().Value).Set("Kind", kind).Set("ExpectedTypeHasDefault", false);

        switch (tok.Kind)
        {
            case GqlTokenKind.BracketL:
                var items = Many(GqlTokenKind.BracketL, GqlTokenKind.BracketR, () =>
                {
                    var c = current;
                    return new GqlObject(c.Line, c.Column).Set("Name", "").Set("Value", Value(isConst));
                });
                return new GqlObject(tok.Line, tok.Column).Set("Raw", "").Set("Children", items).Set("Kind", GqlValueKind.List).Set("ExpectedTypeHasDefault", false);
            case GqlTokenKind.BraceL:
                var fields = Many(GqlTokenKind.BraceL, GqlTokenKind.BraceR, () =>
                {
                    var c = current;
                    var child = new GqlObject(c.Line, c.Column).Set("Name", Name());
                    Expect(GqlTokenKind.Colon);
                    return child.Set("Value", Value(isConst));
                });
                return new GqlObject(tok.Line, tok.Column).Set("Raw", "").Set("Children", fields).Set("Kind", GqlValueKind.Object).Set("ExpectedTypeHasDefault", false);
            case GqlTokenKind.Dollar:
                if (isConst)
                {
                    throw Unexpected(tok);
                }

                Advance();
                var name = Expect(GqlTokenKind.Name).Value;
                return new GqlObject(tok.Line, tok.Column).Set("Raw", name).Set("Kind", GqlValueKind.Variable).Set("ExpectedTypeHasDefault", false);
            case GqlTokenKind.Int: return Scalar(GqlValueKind.Int);
            case GqlTokenKind.Float: return Scalar(GqlValueKind.Float);
            case GqlTokenKind.String: return Scalar(GqlValueKind.String);
            case GqlTokenKind.BlockString: return Scalar(GqlValueKind.Block);
            case GqlTokenKind.Name:
                return tok.Value switch
                {
                    "true" or "false" => Scalar(GqlValueKind.Boolean),
                    "null" => Scalar(GqlValueKind.Null),
                    _ => Scalar(GqlValueKind.Enum),
                };
            default:
                throw Unexpected(tok);
        }
    }

    private GqlObject TypeReference()
    {
        var at = current;
        GqlObject type;
        if (Skip(GqlTokenKind.BracketL))
        {
            var elem = TypeReference();
            Expect(GqlTokenKind.BracketR);
            type = new GqlObject(at.Line, at.Column).Set("NamedType", "").Set("Elem", elem);
        }
        else
        {
            type = new GqlObject(at.Line, at.Column).Set("NamedType", Name());
        }

        return type.Set("NonNull", Skip(GqlTokenKind.Bang));
    }

    // ---- type system documents ----
    private GqlObject SchemaDocument()
    {
        var schema = new List<object?>();
        var schemaExt = new List<object?>();
        var directives = new List<object?>();
        var definitions = new List<object?>();
        var extensions = new List<object?>();
        while (current.Kind != GqlTokenKind.Eof)
        {
            GqlToken? descriptionToken = null;
            var description = "";
            if (current.Kind is GqlTokenKind.String or GqlTokenKind.BlockString)
            {
                descriptionToken = current;
                description = Advance().Value;
            }

            if (current.Kind != GqlTokenKind.Name)
            {
                throw Unexpected(current);
            }

            switch (current.Value)
            {
                case "schema":
                    schema.Add(SchemaDefinition(description));
                    break;
                case "scalar" or "type" or "interface" or "union" or "enum" or "input":
                    definitions.Add(TypeDefinition(description, false));
                    break;
                case "directive":
                    directives.Add(DirectiveDefinition(description));
                    break;
                case "extend":
                    if (descriptionToken is { } dt)
                    {
                        throw Unexpected(dt);
                    }

                    Advance();
                    if (current.Kind == GqlTokenKind.Name && current.Value == "schema")
                    {
                        schemaExt.Add(SchemaExtension());
                    }
                    else if (current.Kind == GqlTokenKind.Name && current.Value is "scalar" or "type" or "interface" or "union" or "enum" or "input")
                    {
                        extensions.Add(TypeDefinition("", true));
                    }
                    else
                    {
                        throw Unexpected(current);
                    }

                    break;
                default:
                    throw Unexpected(current);
            }
        }

        return new GqlObject(1, 1).Set("Schema", schema).Set("SchemaExtension", schemaExt).Set("Directives", directives)
            .Set("Definitions", definitions).Set("Extensions", extensions);
    }

    private GqlObject SchemaDefinition(string description)
    {
        var at = current;
        ExpectKeyword("schema");
        var def = new GqlObject(at.Line, at.Column).Set("Description", description).Set("Directives", Directives(true));
        return def.Set("OperationTypes", Some(GqlTokenKind.BraceL, GqlTokenKind.BraceR, OperationType));
    }

    private GqlObject OperationType()
    {
        var at = current;
        var op = Name();
        if (op is not ("query" or "mutation" or "subscription"))
        {
            throw Unexpected(prev);
        }

        Expect(GqlTokenKind.Colon);
        return new GqlObject(at.Line, at.Column).Set("Operation", op).Set("Type", Name());
    }

    private GqlObject SchemaExtension()
    {
        var at = current;
        ExpectKeyword("schema");
        var def = new GqlObject(at.Line, at.Column).Set("Description", "").Set("Directives", Directives(true));
        if (current.Kind == GqlTokenKind.BraceL)
        {
            def.Set("OperationTypes", Some(GqlTokenKind.BraceL, GqlTokenKind.BraceR, OperationType));
        }

        if (!def.Has("Directives") && !def.Has("OperationTypes"))
        {
            throw Unexpected(current);
        }

        return def;
    }

    private GqlObject TypeDefinition(string description, bool extension)
    {
        var at = current;
        var keyword = Advance().Value;
        var kind = keyword switch
        {
            "scalar" => "SCALAR",
            "type" => "OBJECT",
            "interface" => "INTERFACE",
            "union" => "UNION",
            "enum" => "ENUM",
            _ => "INPUT_OBJECT",
        };
        var def = new GqlObject(at.Line, at.Column).Set("Kind", kind).Set("Description", description).Set("Name", Name());
        switch (kind)
        {
            case "OBJECT" or "INTERFACE":
                def.Set("Interfaces", ImplementsInterfaces());
                def.Set("Directives", Directives(true));
                if (current.Kind == GqlTokenKind.BraceL)
                {
                    def.Set("Fields", Some(GqlTokenKind.BraceL, GqlTokenKind.BraceR, FieldDefinition));
                }

                break;
            case "UNION":
                def.Set("Directives", Directives(true));
                var types = new List<object?>();
                if (Skip(GqlTokenKind.Equals))
                {
                    Skip(GqlTokenKind.Pipe);
                    types.Add(Name());
                    while (Skip(GqlTokenKind.Pipe))
                    {
                        types.Add(Name());
                    }
                }

                def.Set("Types", types);
                break;
            case "ENUM":
                def.Set("Directives", Directives(true));
                if (current.Kind == GqlTokenKind.BraceL)
                {
                    def.Set("EnumValues", Some(GqlTokenKind.BraceL, GqlTokenKind.BraceR, EnumValue));
                }

                break;
            case "INPUT_OBJECT":
                def.Set("Directives", Directives(true));
                if (current.Kind == GqlTokenKind.BraceL)
                {
                    def.Set("Fields", Some(GqlTokenKind.BraceL, GqlTokenKind.BraceR, InputValueDefinition));
                }

                break;
            default:
                def.Set("Directives", Directives(true));
                break;
        }

        if (extension && !def.Has("Directives") && !def.Has("Interfaces") && !def.Has("Fields") && !def.Has("Types") && !def.Has("EnumValues"))
        {
            throw Unexpected(current);
        }

        return def.Set("BuiltIn", false);
    }

    private List<object?> ImplementsInterfaces()
    {
        var list = new List<object?>();
        if (current.Kind != GqlTokenKind.Name || current.Value != "implements")
        {
            return list;
        }

        Advance();
        Skip(GqlTokenKind.Amp);
        list.Add(Name());
        while (Skip(GqlTokenKind.Amp))
        {
            list.Add(Name());
        }

        return list;
    }

    private string Description() =>
        current.Kind is GqlTokenKind.String or GqlTokenKind.BlockString ? Advance().Value : "";

    private GqlObject FieldDefinition()
    {
        var description = Description();
        var at = current;
        var field = new GqlObject(at.Line, at.Column).Set("Description", description).Set("Name", Name());
        field.Set("Arguments", Many(GqlTokenKind.ParenL, GqlTokenKind.ParenR, InputValueDefinition));
        Expect(GqlTokenKind.Colon);
        field.Set("Type", TypeReference());
        return field.Set("Directives", Directives(true));
    }

    private GqlObject InputValueDefinition()
    {
        var description = Description();
        var at = current;
        var arg = new GqlObject(at.Line, at.Column).Set("Description", description).Set("Name", Name());
        Expect(GqlTokenKind.Colon);
        arg.Set("Type", TypeReference());
        if (Skip(GqlTokenKind.Equals))
        {
            arg.Set("DefaultValue", Value(true));
        }

        return arg.Set("Directives", Directives(true));
    }

    private GqlObject EnumValue()
    {
        var description = Description();
        var at = current;
        var name = Name();
        if (name is "true" or "false" or "null")
        {
            throw Error(at, $"{name} is reserved and cannot be used for an enum value");
        }

        return new GqlObject(at.Line, at.Column).Set("Description", description).Set("Name", name).Set("Directives", Directives(true));
    }

    private GqlObject DirectiveDefinition(string description)
    {
        var at = current;
        ExpectKeyword("directive");
        Expect(GqlTokenKind.At);
        var def = new GqlObject(at.Line, at.Column).Set("Description", description).Set("Name", Name());
        def.Set("Arguments", Many(GqlTokenKind.ParenL, GqlTokenKind.ParenR, InputValueDefinition));
        var repeatable = false;
        if (current.Kind == GqlTokenKind.Name && current.Value == "repeatable")
        {
            Advance();
            repeatable = true;
        }

        def.Set("IsRepeatable", repeatable);
        ExpectKeyword("on");
        var locations = new List<object?>();
        Skip(GqlTokenKind.Pipe);
        locations.Add(DirectiveLocation());
        while (Skip(GqlTokenKind.Pipe))
        {
            locations.Add(DirectiveLocation());
        }

        return def.Set("Locations", locations);
    }

    private string DirectiveLocation()
    {
        var name = Name();
        return DirectiveLocations.Contains(name) ? name : throw Unexpected(prev);
    }
}
