using GitOpsFleet.Policies.Builtins.Kernels.Patterns;
using GitOpsFleet.Policies.Values;

namespace GitOpsFleet.Policies.Builtins.Kernels.JsonSchema;

/// <summary>
/// Turns a JSON schema (drafts 4, 6, 7, or "hybrid" when no $schema names one) into <see cref="SchemaNode"/>s,
/// rejecting malformed keywords in the order and with the messages of gojsonschema, the library OPA uses.
/// References resolve within the document ($id scopes, JSON pointers); nothing is fetched from the network.
/// </summary>
internal sealed class SchemaCompiler
{
    private static readonly string[] JsonTypes = ["array", "boolean", "integer", "number", "null", "object", "string"];

    private readonly Dictionary<string, (Value Document, int? Draft)> _documents = new(StringComparer.Ordinal);
    private readonly Dictionary<string, SchemaNode> _references = new(StringComparer.Ordinal);
    private readonly Dictionary<ObjectValue, string> _resolvedRefs = new(ReferenceEqualityComparer.Instance);

    private SchemaCompiler()
    {
    }

    /// <exception cref="SchemaException">The schema is not valid.</exception>
    public static SchemaNode Compile(Value schema)
    {
        var compiler = new SchemaCompiler();
        var draft = DetectDraft(schema);
        compiler._documents[string.Empty] = (schema, draft);
        compiler.Scan(schema, string.Empty, draft);
        var root = new SchemaNode("(root)", draft ?? SchemaDraft.Hybrid);
        compiler.Parse(schema, root);
        return root;
    }

    /// <summary>The draft a document's "$schema" names; null when absent or unknown.</summary>
    private static int? DetectDraft(Value document)
    {
        if (document is BooleanValue)
        {
            return null;
        }

        if (document is not ObjectValue o)
        {
            throw new SchemaException("schema is invalid");
        }

        if (o.Get("$schema") is not { } s)
        {
            return null;
        }

        return s is StringValue url
            ? SchemaDraft.FromUrl(url.Value)
            : throw new SchemaException("$schema must be of type string");
    }

    /// <summary>Registers every $id (as a location for references) and resolves every $ref against its $id scope.</summary>
    private void Scan(Value node, string scope, int? draft)
    {
        switch (node)
        {
            case ArrayValue a:
                foreach (var item in a.AsList())
                {
                    Scan(item, scope, draft);
                }

                break;
            case ObjectValue o:
            {
                var local = scope;
                var idKey = o.Get("id") is not null ? "id" : "$id";
                if (o.Get(idKey) is StringValue id)
                {
                    local = Resolve(scope, id.Value);
                    _documents.TryAdd(local, (o, draft));
                }

                if (o.Get("$ref") is StringValue r)
                {
                    _resolvedRefs[o] = Resolve(local, r.Value);
                }

                foreach (var (k, v) in o.Pairs)
                {
                    var key = ((StringValue)k).Value;
                    if (key is "const" or "enum")
                    {
                        continue;
                    }

                    // Under these keys the member names are data (a property may be called "$ref"), only the values are schemas.
                    if (key is "properties" or "dependencies" or "patternProperties")
                    {
                        if (v is ObjectValue children)
                        {
                            foreach (var child in children.ValueList)
                            {
                                Scan(child, local, draft);
                            }
                        }
                    }
                    else
                    {
                        Scan(v, local, draft);
                    }
                }

                break;
            }
        }
    }

    private void Parse(Value document, SchemaNode node)
    {
        if (node.Draft >= SchemaDraft.Draft6 && document is BooleanValue b)
        {
            node.Pass = b.Value;
            return;
        }

        if (document is not ObjectValue m)
        {
            throw new SchemaException("Expected: valid schema, given: Invalid JSON");
        }

        var idKey = node.Draft switch
        {
            SchemaDraft.Draft4 => "id",
            SchemaDraft.Hybrid => m.Get("id") is not null ? "id" : "$id",
            _ => "$id",
        };
        GetString(m, idKey);

        if (m.Get("definitions") is { } definitions)
        {
            if (definitions is not ObjectValue defs)
            {
                throw InvalidType("array of schemas", "definitions");
            }

            foreach (var def in defs.ValueList)
            {
                if (def is not (BooleanValue or ObjectValue))
                {
                    throw InvalidType("array of schemas", "definitions");
                }

                Parse(def, Child("definitions", node));
            }
        }

        GetString(m, "title");
        GetString(m, "description");

        if (GetString(m, "$ref") is { } refText)
        {
            var reference = _resolvedRefs.TryGetValue(m, out var resolved) ? resolved : refText;
            if (!_references.TryGetValue(reference, out var target))
            {
                var (targetDocument, targetDraft) = Lookup(reference);
                target = new SchemaNode("$ref", targetDraft ?? node.Draft);

                // Registered before parsing so that a schema referring to itself compiles to a cycle, not a recursion.
                _references[reference] = target;
                if (targetDocument is not (BooleanValue or ObjectValue))
                {
                    throw new SchemaException("valid schema must be of type object");
                }

                Parse(targetDocument, target);
            }

            node.Ref = target;
            return;
        }

        ParseTypes(m, node);
        ParseObjectKeywords(m, node);
        ParseArrayKeywords(m, node);
        ParseNumberKeywords(m, node);
        ParseStringKeywords(m, node);
        ParseObjectLimits(m, node);
        ParseArrayLimits(m, node);
        ParseValueKeywords(m, node);
        ParseCombinators(m, node);
    }

    private static SchemaNode Child(string property, SchemaNode parent) => new(property, parent.Draft);

    private static void ParseTypes(ObjectValue m, SchemaNode node)
    {
        if (m.Get("type") is not { } type)
        {
            return;
        }

        var names = type switch
        {
            StringValue s => [s],
            ArrayValue a => a.AsList(),
            _ => throw InvalidType("type", "string/array of strings"),
        };
        foreach (var n in names)
        {
            if (n is not StringValue s)
            {
                throw InvalidType("type", "string/array of strings");
            }

            if (!JsonTypes.Contains(s.Value))
            {
                throw new SchemaException($"has a primitive type that is NOT VALID -- given: /{s.Value}/ Expected valid values are:[{string.Join(" ", JsonTypes)}]");
            }

            if (node.Types.Contains(s.Value))
            {
                throw new SchemaException($"{s.Value} type is duplicated");
            }

            node.Types.Add(s.Value);
        }
    }

    private void ParseObjectKeywords(ObjectValue m, SchemaNode node)
    {
        if (m.Get("properties") is { } properties)
        {
            if (properties is not ObjectValue props)
            {
                throw new SchemaException("properties must be of type object");
            }

            foreach (var (k, v) in props.Pairs)
            {
                var child = Child(((StringValue)k).Value, node);
                node.Properties.Add(child);
                Parse(v, child);
            }
        }

        if (m.Get("additionalProperties") is { } additional)
        {
            node.AdditionalProperties = additional switch
            {
                BooleanValue b => b.Value,
                ObjectValue => ParseChild(additional, "additionalProperties", node),
                _ => throw InvalidType("boolean/valid schema", "additionalProperties"),
            };
        }

        if (m.Get("patternProperties") is { } patternProperties)
        {
            if (patternProperties is not ObjectValue patterns)
            {
                throw InvalidType("valid schema", "patternProperties");
            }

            foreach (var (k, v) in patterns.Pairs)
            {
                var pattern = ((StringValue)k).Value;
                System.Text.RegularExpressions.Regex regex;
                try
                {
                    regex = Re2Translator.Compile(pattern);
                }
                catch (ArgumentException)
                {
                    throw new SchemaException($"Invalid regex pattern '{pattern}'");
                }

                node.PatternProperties.Add((pattern, regex, ParseChild(v, pattern, node)));
            }
        }

        if (node.Draft >= SchemaDraft.Draft6 && m.Get("propertyNames") is { } propertyNames)
        {
            node.PropertyNames = propertyNames is BooleanValue or ObjectValue
                ? ParseChild(propertyNames, "propertyNames", node)
                : throw InvalidType("valid schema", "patternProperties");
        }

        if (m.Get("dependencies") is { } dependencies)
        {
            if (dependencies is not ObjectValue deps)
            {
                throw new SchemaException("dependencies must be of type object");
            }

            foreach (var (k, v) in deps.Pairs)
            {
                var name = ((StringValue)k).Value;
                switch (v)
                {
                    case ArrayValue a:
                        var required = new List<string>();
                        foreach (var item in a.AsList())
                        {
                            required.Add(item is StringValue s ? s.Value : throw new SchemaException("dependency must be of type schema or array of strings"));
                        }

                        // gojsonschema records a list only once it has a member: an empty list constrains nothing.
                        if (required.Count > 0)
                        {
                            node.Dependencies.Add((name, required));
                        }

                        break;
                    case BooleanValue or ObjectValue:
                        node.Dependencies.Add((name, ParseChild(v, name, node)));
                        break;
                    default:
                        throw new SchemaException("dependency must be of type schema or array of strings");
                }
            }
        }
    }

    private void ParseArrayKeywords(ObjectValue m, SchemaNode node)
    {
        if (m.Get("items") is { } items)
        {
            switch (items)
            {
                case ArrayValue a:
                    foreach (var item in a.AsList())
                    {
                        if (item is not (ObjectValue or BooleanValue))
                        {
                            throw InvalidType("valid schema/array of schemas", "items");
                        }

                        node.Items.Add(ParseChild(item, "items", node));
                    }

                    node.ItemsIsSingleSchema = false;
                    break;
                case ObjectValue or BooleanValue:
                    node.Items.Add(ParseChild(items, "items", node));
                    node.ItemsIsSingleSchema = true;
                    break;
                default:
                    throw InvalidType("valid schema/array of schemas", "items");
            }
        }

        if (m.Get("additionalItems") is { } additional)
        {
            node.AdditionalItems = additional switch
            {
                BooleanValue b => b.Value,
                ObjectValue => ParseChild(additional, "additionalItems", node),
                _ => throw InvalidType("boolean/valid schema", "additionalItems"),
            };
        }
    }

    private static void ParseNumberKeywords(ObjectValue m, SchemaNode node)
    {
        if (m.Get("multipleOf") is { } multipleOf)
        {
            var n = multipleOf as NumberValue ?? throw InvalidType("number", "multipleOf");
            if (n.Sign <= 0)
            {
                throw new SchemaException("multipleOf must be strictly greater than 0");
            }

            node.MultipleOf = n;
        }

        if (m.Get("minimum") is { } minimum)
        {
            node.Minimum = minimum as NumberValue ?? throw new SchemaException("minimum must be of a number");
        }

        if (m.Get("exclusiveMinimum") is { } exclusiveMinimum)
        {
            (node.Minimum, node.ExclusiveMinimum) = Exclusive(node.Draft, exclusiveMinimum, node.Minimum, "exclusiveMinimum", "minimum");
        }

        if (m.Get("maximum") is { } maximum)
        {
            node.Maximum = maximum as NumberValue ?? throw new SchemaException("maximum must be of a number");
        }

        if (m.Get("exclusiveMaximum") is { } exclusiveMaximum)
        {
            (node.Maximum, node.ExclusiveMaximum) = Exclusive(node.Draft, exclusiveMaximum, node.Maximum, "exclusiveMaximum", "maximum");
        }
    }

    /// <summary>Draft 4 makes the bound exclusive with a boolean, later drafts give the exclusive bound as a number; hybrid takes either.</summary>
    private static (NumberValue? Inclusive, NumberValue? Exclusive) Exclusive(int draft, Value value, NumberValue? inclusive, string key, string boundKey)
    {
        if (draft == SchemaDraft.Draft4 || (draft == SchemaDraft.Hybrid && value is BooleanValue))
        {
            if (value is not BooleanValue flag)
            {
                throw InvalidType("boolean", key);
            }

            if (inclusive is null)
            {
                throw new SchemaException($"{key} cannot be used without {boundKey}");
            }

            return flag.Value ? (null, inclusive) : (inclusive, null);
        }

        if (value is NumberValue n)
        {
            return (inclusive, n);
        }

        throw InvalidType(draft == SchemaDraft.Hybrid ? "boolean/number" : "number", key);
    }

    private static void ParseStringKeywords(ObjectValue m, SchemaNode node)
    {
        node.MinLength = NonNegativeInteger(m, "minLength");
        node.MaxLength = NonNegativeInteger(m, "maxLength");
        if (node.MinLength > node.MaxLength)
        {
            throw new SchemaException("minLength cannot be greater than maxLength");
        }

        if (GetString(m, "pattern") is { } pattern)
        {
            try
            {
                node.Pattern = Re2Translator.Compile(pattern);
                node.PatternText = pattern;
            }
            catch (ArgumentException)
            {
                throw new SchemaException("pattern must be a valid regex");
            }
        }

        node.Format = GetString(m, "format");
    }

    private static void ParseObjectLimits(ObjectValue m, SchemaNode node)
    {
        node.MinProperties = NonNegativeInteger(m, "minProperties");
        node.MaxProperties = NonNegativeInteger(m, "maxProperties");
        if (node.MinProperties > node.MaxProperties)
        {
            throw new SchemaException("minProperties cannot be greater than maxProperties");
        }

        foreach (var r in GetArray(m, "required"))
        {
            if (r is not StringValue s)
            {
                throw InvalidType("string", "required");
            }

            if (node.Required.Contains(s.Value))
            {
                throw new SchemaException("required items must be unique");
            }

            node.Required.Add(s.Value);
        }
    }

    private void ParseArrayLimits(ObjectValue m, SchemaNode node)
    {
        node.MinItems = NonNegativeInteger(m, "minItems");
        node.MaxItems = NonNegativeInteger(m, "maxItems");
        if (m.Get("uniqueItems") is { } unique)
        {
            node.UniqueItems = unique is BooleanValue b ? b.Value : throw new SchemaException("uniqueItems must be of a boolean");
        }

        if (node.Draft >= SchemaDraft.Draft6 && m.Get("contains") is { } contains)
        {
            node.Contains = ParseChild(contains, "contains", node);
        }
    }

    private static void ParseValueKeywords(ObjectValue m, SchemaNode node)
    {
        if (node.Draft >= SchemaDraft.Draft6 && m.Get("const") is { } constant)
        {
            node.Const = SchemaJson.Canonical(constant);
        }

        node.EnumPresent = m.Get("enum") is not null;
        foreach (var v in GetArray(m, "enum"))
        {
            var text = SchemaJson.Canonical(v);
            if (node.Enum.Contains(text))
            {
                throw new SchemaException("enum items must be unique");
            }

            node.Enum.Add(text);
        }
    }

    private void ParseCombinators(ObjectValue m, SchemaNode node)
    {
        foreach (var v in GetArray(m, "oneOf"))
        {
            node.OneOf.Add(ParseChild(v, "oneOf", node));
        }

        foreach (var v in GetArray(m, "anyOf"))
        {
            node.AnyOf.Add(ParseChild(v, "anyOf", node));
        }

        foreach (var v in GetArray(m, "allOf"))
        {
            node.AllOf.Add(ParseChild(v, "allOf", node));
        }

        node.Not = SchemaOrObjectError(m, "not", node);
        if (node.Draft >= SchemaDraft.Draft7)
        {
            node.If = SchemaOrObjectError(m, "if", node);
            node.Then = SchemaOrObjectError(m, "then", node);
            node.Else = SchemaOrObjectError(m, "else", node);
        }
    }

    private SchemaNode? SchemaOrObjectError(ObjectValue m, string key, SchemaNode node)
    {
        if (m.Get(key) is not { } v)
        {
            return null;
        }

        return v is BooleanValue or ObjectValue ? ParseChild(v, key, node) : throw new SchemaException($"{key} must be of an object");
    }

    private SchemaNode ParseChild(Value document, string property, SchemaNode parent)
    {
        var child = Child(property, parent);
        Parse(document, child);
        return child;
    }

    /// <summary>The document a resolved reference names: a registered $id, or a JSON pointer into a registered document.</summary>
    private (Value Document, int? Draft) Lookup(string reference)
    {
        if (_documents.TryGetValue(reference, out var exact))
        {
            return exact;
        }

        var hash = reference.IndexOf('#', StringComparison.Ordinal);
        var baseUri = hash >= 0 ? reference[..hash] : reference;
        var fragment = hash >= 0 ? reference[(hash + 1)..] : string.Empty;
        if (_documents.TryGetValue(baseUri, out var doc))
        {
            return (Pointer(doc.Document, fragment), doc.Draft);
        }

        if (!Uri.TryCreate(baseUri, UriKind.Absolute, out _))
        {
            throw new SchemaException($"Reference {reference} must be canonical");
        }

        // Remote schemas would need the network, which the embedded engine never uses.
        throw new SchemaException($"Get \"{baseUri}\": remote schema references are not supported by the embedded policy engine");
    }

    private static Value Pointer(Value document, string fragment)
    {
        var text = Uri.UnescapeDataString(fragment);
        if (text.Length == 0)
        {
            return document;
        }

        if (!text.StartsWith('/'))
        {
            throw new SchemaException($"JSON pointer must be empty or start with a \"/\": {text}");
        }

        var node = document;
        foreach (var raw in text[1..].Split('/'))
        {
            var token = raw.Replace("~1", "/", StringComparison.Ordinal).Replace("~0", "~", StringComparison.Ordinal);
            node = node switch
            {
                ObjectValue o => o.Get(token) ?? throw new SchemaException($"Object has no key '{token}'"),
                ArrayValue a => int.TryParse(token, out var i) && i >= 0 && i < a.Count
                    ? a[i]
                    : throw new SchemaException($"Invalid array index '{token}'"),
                _ => throw new SchemaException($"Invalid token reference '{token}'"),
            };
        }

        return node;
    }

    /// <summary>Resolves a reference against its $id scope (RFC 3986); without an absolute scope it stays as written.</summary>
    private static string Resolve(string scope, string reference)
    {
        string result;
        if (Uri.TryCreate(reference, UriKind.Absolute, out var absolute) && !reference.StartsWith('/'))
        {
            result = absolute.OriginalString;
        }
        else if (scope.Length == 0 || !Uri.TryCreate(scope, UriKind.Absolute, out var baseUri))
        {
            result = reference.StartsWith('#') && scope.Length > 0 ? StripFragment(scope) + reference : reference;
        }
        else if (reference.StartsWith('#'))
        {
            result = StripFragment(scope) + reference;
        }
        else
        {
            result = Uri.TryCreate(baseUri, reference, out var combined) ? combined.OriginalString : reference;
        }

        return result.EndsWith('#') ? result[..^1] : result;
    }

    private static string StripFragment(string uri)
    {
        var hash = uri.IndexOf('#', StringComparison.Ordinal);
        return hash >= 0 ? uri[..hash] : uri;
    }

    private static string? GetString(ObjectValue m, string key) => m.Get(key) switch
    {
        null => null,
        StringValue s => s.Value,
        _ => throw InvalidType("string", key),
    };

    private static IReadOnlyList<Value> GetArray(ObjectValue m, string key) => m.Get(key) switch
    {
        null => [],
        ArrayValue a => a.AsList(),
        _ => throw new SchemaException($"{key} must be of an array"),
    };

    /// <summary>An integer keyword that must not be negative (minLength, maxItems, ...).</summary>
    private static long? NonNegativeInteger(ObjectValue m, string key)
    {
        if (m.Get(key) is not { } v)
        {
            return null;
        }

        if (v is not NumberValue n || !n.TryGetInt64(out var i))
        {
            throw new SchemaException($"{key} must be of an integer");
        }

        return i < 0 ? throw new SchemaException($"{key} must be greater than or equal to 0") : i;
    }

    private static SchemaException InvalidType(string expected, string given) =>
        new($"Invalid type. Expected: {expected}, given: {given}");
}
