namespace GitOpsFleet.Policies.Builtins.Kernels.GraphQl;

/// <summary>
/// Validates an executable document against a loaded schema with the spec's validation rules (fields on correct type,
/// known arguments/directives/fragments/types, required arguments, leaf selections, variables defined and used,
/// unique operation names, value literals of the right type). Collects every error, in document order.
/// </summary>
internal sealed class GqlQueryValidator
{
    private readonly GqlSchema schema;
    private readonly GqlObject document;
    private readonly Dictionary<string, GqlObject> fragments = new(StringComparer.Ordinal);
    private readonly List<GqlException> errors = [];

    private GqlQueryValidator(GqlSchema schema, GqlObject document)
    {
        this.schema = schema;
        this.document = document;
    }

    public static IReadOnlyList<GqlException> Validate(GqlSchema schema, GqlObject document)
    {
        var v = new GqlQueryValidator(schema, document);
        v.Run();
        return v.errors;
    }

    private void Add(GqlObject at, string message) => errors.Add(new GqlException(message, at.Line, at.Column));

    private void Run()
    {
        foreach (var frag in document.Objs("Fragments"))
        {
            var name = frag.Str("Name");
            if (!fragments.TryAdd(name, frag))
            {
                Add(frag, $"There can be only one fragment named \"{name}\".");
            }
        }

        var operations = document.Objs("Operations").ToList();
        var opNames = new HashSet<string>(StringComparer.Ordinal);
        var usedFragments = new HashSet<string>(StringComparer.Ordinal);
        foreach (var op in operations)
        {
            var name = op.Str("Name");
            if (name.Length == 0 && operations.Count > 1)
            {
                Add(op, "This anonymous operation must be the only defined operation.");
            }
            else if (name.Length > 0 && !opNames.Add(name))
            {
                Add(op, $"There can be only one operation named \"{name}\".");
            }

            var operation = op.Str("Operation");
            if (operation.Length == 0)
            {
                operation = "query";
            }

            var rootName = schema.RootFor(operation);
            var variables = new Dictionary<string, GqlObject>(StringComparer.Ordinal);
            foreach (var v in op.Objs("VariableDefinitions"))
            {
                var vn = v.Str("Variable");
                if (!variables.TryAdd(vn, v))
                {
                    Add(v, $"There can be only one variable named \"${vn}\".");
                }

                var typeName = GqlSchema.NamedType(v.Obj("Type"));
                var vt = schema.Type(typeName);
                if (vt is null)
                {
                    Add(v, $"Unknown type \"{typeName}\".");
                }
                else if (!vt.IsInput)
                {
                    Add(v, $"Variable \"${vn}\" cannot be non-input type \"{GqlSchema.TypeString(v.Obj("Type"))}\".");
                }

                if (v.Obj("DefaultValue") is { } dv && vt is not null)
                {
                    CheckValue(dv, v.Obj("Type"), null);
                }

                CheckDirectives(v.Objs("Directives"), "VARIABLE_DEFINITION", null);
            }

            var location = operation.ToUpperInvariant();
            var used = new HashSet<string>(StringComparer.Ordinal);
            CheckDirectives(op.Objs("Directives"), location, used);
            if (rootName is null)
            {
                Add(op, $"Schema does not support operation type \"{operation}\"");
                continue;
            }

            var visited = new HashSet<string>(StringComparer.Ordinal);
            CheckSelections(op.Objs("SelectionSet"), schema.Type(rootName)!, used, visited, rootName == schema.Query);
            usedFragments.UnionWith(visited);
            foreach (var u in used.Where(u => !variables.ContainsKey(u)))
            {
                Add(op, name.Length > 0
                    ? $"Variable \"${u}\" is not defined by operation \"{name}\"."
                    : $"Variable \"${u}\" is not defined.");
            }

            foreach (var (vn, v) in variables.Where(kv => !used.Contains(kv.Key)))
            {
                Add(v, name.Length > 0
                    ? $"Variable \"${vn}\" is never used in operation \"{name}\"."
                    : $"Variable \"${vn}\" is never used.");
            }
        }

        foreach (var frag in fragments.Values)
        {
            var cond = frag.Str("TypeCondition");
            var t = schema.Type(cond);
            if (t is null)
            {
                Add(frag, $"Unknown type \"{cond}\".");
            }
            else if (!t.IsComposite)
            {
                Add(frag, $"Fragment \"{frag.Str("Name")}\" cannot condition on non composite type \"{cond}\".");
            }
            else if (!usedFragments.Contains(frag.Str("Name")))
            {
                // Unused fragments are still checked on their own.
                CheckSelections(frag.Objs("SelectionSet"), t, new HashSet<string>(), new HashSet<string>(StringComparer.Ordinal), false);
            }

            if (!usedFragments.Contains(frag.Str("Name")))
            {
                Add(frag, $"Fragment \"{frag.Str("Name")}\" is never used.");
            }
        }
    }

    private void CheckSelections(IEnumerable<GqlObject> selections, GqlTypeInfo parent, HashSet<string> usedVars, HashSet<string> visited, bool isQueryRoot)
    {
        foreach (var sel in selections)
        {
            // Selections come from our parser or from AST objects written in Rego, so they are told apart by shape.
            var isInline = sel.Has("TypeCondition") || !sel.Has("Name");
            var isField = !isInline && (sel.Has("Alias") || sel.Has("Arguments") || sel.Has("SelectionSet") || !fragments.ContainsKey(sel.Str("Name")));
            if (isField)
            {
                CheckField(sel, parent, usedVars, visited, isQueryRoot);
            }
            else if (isInline)
            {
                CheckDirectives(sel.Objs("Directives"), "INLINE_FRAGMENT", usedVars);
                var cond = sel.Str("TypeCondition");
                var target = parent;
                if (cond.Length > 0)
                {
                    var t = schema.Type(cond);
                    if (t is null)
                    {
                        Add(sel, $"Unknown type \"{cond}\".");
                        continue;
                    }

                    if (!t.IsComposite)
                    {
                        Add(sel, $"Fragment cannot condition on non composite type \"{cond}\".");
                        continue;
                    }

                    target = t;
                }

                CheckSelections(sel.Objs("SelectionSet"), target, usedVars, visited, false);
            }
            else
            {
                var name = sel.Str("Name");
                CheckDirectives(sel.Objs("Directives"), "FRAGMENT_SPREAD", usedVars);
                if (!fragments.TryGetValue(name, out var frag))
                {
                    Add(sel, $"Unknown fragment \"{name}\".");
                    continue;
                }

                if (!visited.Add(name))
                {
                    continue;
                }

                var t = schema.Type(frag.Str("TypeCondition"));
                if (t is not null && t.IsComposite)
                {
                    CheckDirectives(frag.Objs("Directives"), "FRAGMENT_DEFINITION", usedVars);
                    CheckSelections(frag.Objs("SelectionSet"), t, usedVars, visited, false);
                }
            }
        }
    }

    private void CheckField(GqlObject field, GqlTypeInfo parent, HashSet<string> usedVars, HashSet<string> visited, bool isQueryRoot)
    {
        var name = field.Str("Name");
        CheckDirectives(field.Objs("Directives"), "FIELD", usedVars);
        GqlObject? def;
        if (name == "__typename")
        {
            def = null;
            CollectVariables(field, usedVars);
            return;
        }

        if (isQueryRoot && name == "__schema")
        {
            def = new GqlObject().Set("Name", "__schema").Set("Type", new GqlObject().Set("NamedType", "__Schema").Set("NonNull", true));
        }
        else if (isQueryRoot && name == "__type")
        {
            def = new GqlObject().Set("Name", "__type")
                .Set("Arguments", new List<object?> { new GqlObject().Set("Name", "name").Set("Type", new GqlObject().Set("NamedType", "String").Set("NonNull", true)) })
                .Set("Type", new GqlObject().Set("NamedType", "__Type"));
        }
        else
        {
            def = parent.Field(name);
        }

        if (def is null)
        {
            Add(field, $"Cannot query field \"{name}\" on type \"{parent.Name}\".");
            CollectVariables(field, usedVars);
            return;
        }

        var argDefs = def.Objs("Arguments").ToList();
        var given = new HashSet<string>(StringComparer.Ordinal);
        foreach (var arg in field.Objs("Arguments"))
        {
            var an = arg.Str("Name");
            if (!given.Add(an))
            {
                Add(arg, $"There can be only one argument named \"{an}\".");
            }

            var ad = argDefs.FirstOrDefault(a => a.Str("Name") == an);
            if (ad is null)
            {
                Add(arg, $"Unknown argument \"{an}\" on field \"{parent.Name}.{name}\".");
                CollectValueVariables(arg.Obj("Value"), usedVars);
                continue;
            }

            CheckValue(arg.Obj("Value") ?? new GqlObject(), ad.Obj("Type"), usedVars);
        }

        foreach (var ad in argDefs)
        {
            var type = ad.Obj("Type");
            if (type is not null && type.Bool("NonNull") && !ad.Has("DefaultValue") && !given.Contains(ad.Str("Name")))
            {
                Add(field, $"Field \"{name}\" argument \"{ad.Str("Name")}\" of type \"{GqlSchema.TypeString(type)}\" is required, but it was not provided.");
            }
        }

        var fieldType = def.Obj("Type");
        var typeName = GqlSchema.NamedType(fieldType);
        var ft = schema.Type(typeName);
        var hasSelection = field.Objs("SelectionSet").Any();
        if (ft is null)
        {
            return;
        }

        if (ft.IsLeaf && hasSelection)
        {
            Add(field, $"Field \"{name}\" must not have a selection since type \"{GqlSchema.TypeString(fieldType)}\" has no subfields.");
        }
        else if (!ft.IsLeaf && !hasSelection)
        {
            Add(field, $"Field \"{name}\" of type \"{GqlSchema.TypeString(fieldType)}\" must have a selection of subfields. Did you mean \"{name} {{ ... }}\"?");
        }
        else if (hasSelection)
        {
            CheckSelections(field.Objs("SelectionSet"), ft, usedVars, visited, false);
        }
    }

    private void CollectVariables(GqlObject field, HashSet<string> usedVars)
    {
        foreach (var arg in field.Objs("Arguments"))
        {
            CollectValueVariables(arg.Obj("Value"), usedVars);
        }
    }

    private static void CollectValueVariables(GqlObject? value, HashSet<string>? usedVars)
    {
        if (value is null || usedVars is null)
        {
            return;
        }

        if (value.Num("Kind") == GqlValueKind.Variable)
        {
            usedVars.Add(value.Str("Raw"));
        }

        foreach (var child in value.Objs("Children"))
        {
            CollectValueVariables(child.Obj("Value"), usedVars);
        }
    }

    private void CheckDirectives(IEnumerable<GqlObject> directives, string location, HashSet<string>? usedVars)
    {
        var seen = new HashSet<string>(StringComparer.Ordinal);
        foreach (var d in directives)
        {
            var name = d.Str("Name");
            if (!schema.Directives.TryGetValue(name, out var def))
            {
                Add(d, $"Unknown directive \"@{name}\".");
                foreach (var a in d.Objs("Arguments"))
                {
                    CollectValueVariables(a.Obj("Value"), usedVars);
                }

                continue;
            }

            if (!def.Strs("Locations").Contains(location))
            {
                Add(d, $"Directive \"@{name}\" may not be used on {location}.");
            }

            if (!def.Bool("IsRepeatable") && !seen.Add(name))
            {
                Add(d, $"The directive \"@{name}\" can only be used once at this location.");
            }

            var argDefs = def.Objs("Arguments").ToList();
            var given = new HashSet<string>(StringComparer.Ordinal);
            foreach (var a in d.Objs("Arguments"))
            {
                given.Add(a.Str("Name"));
                var ad = argDefs.FirstOrDefault(x => x.Str("Name") == a.Str("Name"));
                if (ad is null)
                {
                    Add(a, $"Unknown argument \"{a.Str("Name")}\" on directive \"@{name}\".");
                    CollectValueVariables(a.Obj("Value"), usedVars);
                }
                else
                {
                    CheckValue(a.Obj("Value") ?? new GqlObject(), ad.Obj("Type"), usedVars);
                }
            }

            foreach (var ad in argDefs)
            {
                var type = ad.Obj("Type");
                if (type is not null && type.Bool("NonNull") && !ad.Has("DefaultValue") && !given.Contains(ad.Str("Name")))
                {
                    Add(d, $"Directive \"@{name}\" argument \"{ad.Str("Name")}\" of type \"{GqlSchema.TypeString(type)}\" is required, but it was not provided.");
                }
            }
        }
    }

    private void CheckValue(GqlObject value, GqlObject? type, HashSet<string>? usedVars)
    {
        var kind = value.Num("Kind");
        if (kind == GqlValueKind.Variable)
        {
            if (usedVars is null)
            {
                Add(value, $"Variable \"${value.Str("Raw")}\" is not allowed here.");
            }
            else
            {
                usedVars.Add(value.Str("Raw"));
            }

            return;
        }

        if (type is null)
        {
            return;
        }

        var shown = GqlSchema.TypeString(type);
        if (kind == GqlValueKind.Null)
        {
            if (type.Bool("NonNull"))
            {
                Add(value, $"Expected value of type \"{shown}\", found null.");
            }

            return;
        }

        if (type.Str("NamedType").Length == 0 && type.Obj("Elem") is { } elem)
        {
            if (kind == GqlValueKind.List)
            {
                foreach (var child in value.Objs("Children"))
                {
                    CheckValue(child.Obj("Value") ?? new GqlObject(), elem, usedVars);
                }
            }
            else
            {
                // A single value is coerced to a one-item list.
                CheckValue(value, elem, usedVars);
            }

            return;
        }

        var t = schema.Type(type.Str("NamedType"));
        if (t is null)
        {
            return;
        }

        var raw = value.Str("Raw");
        var bad = false;
        switch (t.Kind)
        {
            case "SCALAR":
                bad = t.Name switch
                {
                    "Int" => kind != GqlValueKind.Int,
                    "Float" => kind is not (GqlValueKind.Int or GqlValueKind.Float),
                    "String" => kind is not (GqlValueKind.String or GqlValueKind.Block),
                    "Boolean" => kind != GqlValueKind.Boolean,
                    "ID" => kind is not (GqlValueKind.Int or GqlValueKind.String or GqlValueKind.Block),
                    _ => false,
                };
                break;
            case "ENUM":
                if (kind != GqlValueKind.Enum)
                {
                    bad = true;
                }
                else if (!t.EnumValues.Any(e => e.Str("Name") == raw))
                {
                    Add(value, $"Value \"{raw}\" does not exist in \"{t.Name}\" enum.");
                    return;
                }

                break;
            case "INPUT_OBJECT":
                if (kind != GqlValueKind.Object)
                {
                    bad = true;
                    break;
                }

                var given = new HashSet<string>(StringComparer.Ordinal);
                foreach (var child in value.Objs("Children"))
                {
                    var fn = child.Str("Name");
                    given.Add(fn);
                    var fd = t.Field(fn);
                    if (fd is null)
                    {
                        Add(child, $"Field \"{fn}\" is not defined by type \"{t.Name}\".");
                        CollectValueVariables(child.Obj("Value"), usedVars);
                    }
                    else
                    {
                        CheckValue(child.Obj("Value") ?? new GqlObject(), fd.Obj("Type"), usedVars);
                    }
                }

                foreach (var fd in t.Fields)
                {
                    var ftype = fd.Obj("Type");
                    if (ftype is not null && ftype.Bool("NonNull") && !fd.Has("DefaultValue") && !given.Contains(fd.Str("Name")))
                    {
                        Add(value, $"Field \"{t.Name}.{fd.Str("Name")}\" of required type \"{GqlSchema.TypeString(ftype)}\" was not provided.");
                    }
                }

                break;
        }

        if (bad)
        {
            var shownValue = kind switch
            {
                GqlValueKind.String or GqlValueKind.Block => GqlStrings.Quote(raw),
                GqlValueKind.List => "list",
                GqlValueKind.Object => "object",
                _ => raw,
            };
            Add(value, $"{t.Name} cannot represent value: {shownValue}");
            if (t.Kind == "INPUT_OBJECT" || t.Kind == "ENUM")
            {
                return;
            }
        }

        foreach (var child in value.Objs("Children"))
        {
            CollectValueVariables(child.Obj("Value"), usedVars);
        }
    }
}
