using System.Globalization;
using System.Numerics;
using GitOpsFleet.Policies.Builtins.Kernels.Patterns;
using GitOpsFleet.Policies.Values;

namespace GitOpsFleet.Policies.Builtins.Kernels.JsonSchema;

/// <summary>
/// Validates a JSON value against a compiled schema, producing gojsonschema's errors. anyOf/oneOf/contains
/// report the errors of the closest failing branch, chosen by the same score (matches minus failures) the
/// library keeps, so users see why the branch they most likely meant did not match. Object members are
/// visited in sorted key order, so the error order is stable.
/// </summary>
internal static class SchemaValidator
{
    public static IReadOnlyList<SchemaError> Validate(SchemaNode schema, Value document)
    {
        var result = new Result();
        ValidateRecursive(schema, document, result, new Context("(root)", null));
        return result.Errors;
    }

    private static void ValidateRecursive(SchemaNode node, Value value, Result result, Context context)
    {
        if (node.Pass is { } pass)
        {
            if (!pass)
            {
                result.Add("false", context, "False always fails validation");
            }

            return;
        }

        if (node.Ref is { } target)
        {
            ValidateRecursive(target, value, result, context);
            return;
        }

        var given = value switch
        {
            NullValue => "null",
            NumberValue n => n.IsInteger ? "integer" : "number",
            ArrayValue => "array",
            ObjectValue => "object",
            BooleanValue => "boolean",
            _ => "string",
        };
        var typeOk = node.Types.Count == 0 || node.Types.Contains(given) || (given == "integer" && node.Types.Contains("number"));
        if (!typeOk)
        {
            result.Add("invalid_type", context, $"Invalid type. Expected: {node.TypesText}, given: {given}");
            return;
        }

        ValidateSchema(node, value, result, context);
        switch (value)
        {
            case NumberValue n:
                ValidateNumber(node, n, result, context);
                ValidateCommon(node, value, result, context);
                break;
            case ArrayValue a:
                ValidateArray(node, a, result, context);
                ValidateCommon(node, value, result, context);
                break;
            case ObjectValue o:
                ValidateObject(node, o, result, context);
                ValidateCommon(node, value, result, context);
                foreach (var property in node.Properties)
                {
                    if (o.Get(property.Property) is { } member)
                    {
                        ValidateRecursive(property, member, result, new Context(property.Property, context));
                    }
                }

                break;
            case StringValue s:
                ValidateCommon(node, value, result, context);
                ValidateString(node, s.Value, result, context);
                break;
            default:
                ValidateCommon(node, value, result, context);
                break;
        }

        result.Score++;
    }

    private static Result SubValidate(SchemaNode node, Value value, Context context)
    {
        var result = new Result();
        ValidateRecursive(node, value, result, context);
        return result;
    }

    private static void ValidateSchema(SchemaNode node, Value value, Result result, Context context)
    {
        if (node.AnyOf.Count > 0)
        {
            Result? best = null;
            var valid = false;
            foreach (var schema in node.AnyOf)
            {
                var r = SubValidate(schema, value, context);
                if (r.Valid)
                {
                    valid = true;
                    break;
                }

                if (best is null || r.Score > best.Score)
                {
                    best = r;
                }
            }

            if (!valid)
            {
                result.Add("number_any_of", context, "Must validate at least one schema (anyOf)");
                result.Merge(best);
            }
        }

        if (node.OneOf.Count > 0)
        {
            var validated = 0;
            Result? best = null;
            foreach (var schema in node.OneOf)
            {
                var r = SubValidate(schema, value, context);
                if (r.Valid)
                {
                    validated++;
                }
                else if (validated == 0 && (best is null || r.Score > best.Score))
                {
                    best = r;
                }
            }

            if (validated != 1)
            {
                result.Add("number_one_of", context, "Must validate one and only one schema (oneOf)");
                if (validated == 0)
                {
                    result.Merge(best);
                }
            }
        }

        if (node.AllOf.Count > 0)
        {
            var validated = 0;
            foreach (var schema in node.AllOf)
            {
                var r = SubValidate(schema, value, context);
                if (r.Valid)
                {
                    validated++;
                }

                result.Merge(r);
            }

            if (validated != node.AllOf.Count)
            {
                result.Add("number_all_of", context, "Must validate all the schemas (allOf)");
            }
        }

        if (node.Not is { } not && SubValidate(not, value, context).Valid)
        {
            result.Add("number_not", context, "Must not validate the schema (not)");
        }

        if (node.Dependencies.Count > 0 && value is ObjectValue obj)
        {
            foreach (var key in obj.KeyList)
            {
                var name = ((StringValue)key).Value;
                foreach (var (depName, dependency) in node.Dependencies)
                {
                    if (depName != name)
                    {
                        continue;
                    }

                    if (dependency is List<string> required)
                    {
                        foreach (var r in required.Where(r => obj.Get(r) is null))
                        {
                            result.Add("missing_dependency", context, $"Has a dependency on {r}");
                        }
                    }
                    else
                    {
                        ValidateRecursive((SchemaNode)dependency, value, result, context);
                    }
                }
            }
        }

        if (node.If is { } condition)
        {
            var ifValid = SubValidate(condition, value, context).Valid;
            if (ifValid && node.Then is { } then)
            {
                var r = SubValidate(then, value, context);
                if (!r.Valid)
                {
                    result.Add("condition_then", context, "Must validate \"then\" as \"if\" was valid");
                    result.Merge(r);
                }
            }

            if (!ifValid && node.Else is { } otherwise)
            {
                var r = SubValidate(otherwise, value, context);
                if (!r.Valid)
                {
                    result.Add("condition_else", context, "Must validate \"else\" as \"if\" was not valid");
                    result.Merge(r);
                }
            }
        }

        result.Score++;
    }

    private static void ValidateCommon(SchemaNode node, Value value, Result result, Context context)
    {
        if (node.Const is { } constant && SchemaJson.Canonical(value) != constant)
        {
            result.Add("const", context, $"{context.Field} does not match: {constant}");
        }

        if (node.EnumPresent && !node.Enum.Contains(SchemaJson.Canonical(value)))
        {
            var allowed = node.Enum.Count == 0 ? "(none)" : string.Join(", ", node.Enum);
            result.Add("enum", context, $"{context.Field} must be one of the following: {allowed}");
        }

        if (node.Format is { Length: > 0 } format && !SchemaFormats.IsFormat(format, value))
        {
            result.Add("format", context, $"Does not match format '{format}'");
        }

        result.Score++;
    }

    private static void ValidateArray(SchemaNode node, ArrayValue value, Result result, Context context)
    {
        var count = value.Count;
        if (node.ItemsIsSingleSchema)
        {
            for (var i = 0; i < count; i++)
            {
                result.Merge(SubValidate(node.Items[0], value[i], new Context(Index(i), context)));
            }
        }
        else if (node.Items.Count > 0)
        {
            var positional = node.Items.Count;
            for (var i = 0; i < positional && i < count; i++)
            {
                result.Merge(SubValidate(node.Items[i], value[i], new Context(Index(i), context)));
            }

            if (positional < count)
            {
                switch (node.AdditionalItems)
                {
                    case false:
                        result.Add("array_no_additional_items", context, "No additional items allowed on array");
                        break;
                    case SchemaNode additional:
                        for (var i = positional; i < count; i++)
                        {
                            result.Merge(SubValidate(additional, value[i], new Context(Index(i), context)));
                        }

                        break;
                }
            }
        }

        if (node.MinItems is { } min && count < min)
        {
            result.Add("array_min_items", context, $"Array must have at least {min} items");
        }

        if (node.MaxItems is { } max && count > max)
        {
            result.Add("array_max_items", context, $"Array must have at most {max} items");
        }

        if (node.UniqueItems)
        {
            var seen = new Dictionary<string, int>(StringComparer.Ordinal);
            for (var j = 0; j < count; j++)
            {
                var text = SchemaJson.Canonical(value[j]);
                if (seen.TryGetValue(text, out var i))
                {
                    result.Add("unique", context, $"array items[{i},{j}] must be unique");
                }

                seen[text] = j;
            }
        }

        if (node.Contains is { } contains)
        {
            Result? best = null;
            var found = false;
            for (var i = 0; i < count; i++)
            {
                var r = SubValidate(contains, value[i], new Context(Index(i), context));
                if (r.Valid)
                {
                    found = true;
                    break;
                }

                if (best is null || r.Score > best.Score)
                {
                    best = r;
                }
            }

            if (!found)
            {
                result.Add("contains", context, "At least one of the items must match");
                result.Merge(best);
            }
        }

        result.Score++;
    }

    private static void ValidateObject(SchemaNode node, ObjectValue value, Result result, Context context)
    {
        if (node.MinProperties is { } min && value.Count < min)
        {
            result.Add("array_min_properties", context, $"Must have at least {min} properties");
        }

        if (node.MaxProperties is { } max && value.Count > max)
        {
            result.Add("array_max_properties", context, $"Must have at most {max} properties");
        }

        foreach (var required in node.Required)
        {
            if (value.Get(required) is null)
            {
                result.Add("required", context, $"{required} is required");
            }
            else
            {
                result.Score++;
            }
        }

        foreach (var (k, member) in value.Pairs)
        {
            var name = ((StringValue)k).Value;
            var declared = node.Properties.Any(p => p.Property == name);
            var matchedPattern = false;
            foreach (var (_, regex, schema) in node.PatternProperties)
            {
                if (regex.IsMatch(name))
                {
                    matchedPattern = true;
                    result.Merge(SubValidate(schema, member, new Context(name, context)));
                }
            }

            if (matchedPattern)
            {
                result.Score++;
            }

            if (declared || matchedPattern)
            {
                continue;
            }

            switch (node.AdditionalProperties)
            {
                case false:
                    result.Add("additional_property_not_allowed", context, $"Additional property {name} is not allowed");
                    break;
                case SchemaNode additional:
                    result.Merge(SubValidate(additional, member, new Context(name, context)));
                    break;
            }
        }

        if (node.PropertyNames is { } propertyNames)
        {
            foreach (var k in value.KeyList)
            {
                var r = SubValidate(propertyNames, k, context);
                if (!r.Valid)
                {
                    result.Add("invalid_property_name", context, $"Property name of \"{((StringValue)k).Value}\" does not match");
                    result.Merge(r);
                }
            }
        }

        result.Score++;
    }

    private static void ValidateString(SchemaNode node, string value, Result result, Context context)
    {
        var length = RuneCount(value);
        if (node.MinLength is { } min && length < min)
        {
            result.Add("string_gte", context, $"String length must be greater than or equal to {min}");
        }

        if (node.MaxLength is { } max && length > max)
        {
            result.Add("string_lte", context, $"String length must be less than or equal to {max}");
        }

        if (node.Pattern is { } pattern && !pattern.IsMatch(value))
        {
            result.Add("pattern", context, $"Does not match pattern '{node.PatternText}'");
        }

        result.Score++;
    }

    private static void ValidateNumber(SchemaNode node, NumberValue value, Result result, Context context)
    {
        if (node.MultipleOf is { } multiple && !IsMultiple(value, multiple))
        {
            result.Add("multiple_of", context, $"Must be a multiple of {SchemaJson.FormatLimit(multiple)}");
        }

        if (node.Maximum is { } max && value > max)
        {
            result.Add("number_lte", context, $"Must be less than or equal to {SchemaJson.FormatLimit(max)}");
        }

        if (node.ExclusiveMaximum is { } exclusiveMax && value >= exclusiveMax)
        {
            result.Add("number_lt", context, $"Must be less than {SchemaJson.FormatLimit(exclusiveMax)}");
        }

        if (node.Minimum is { } min && value < min)
        {
            result.Add("number_gte", context, $"Must be greater than or equal to {SchemaJson.FormatLimit(min)}");
        }

        if (node.ExclusiveMinimum is { } exclusiveMin && value <= exclusiveMin)
        {
            result.Add("number_gt", context, $"Must be greater than {SchemaJson.FormatLimit(exclusiveMin)}");
        }

        result.Score++;
    }

    /// <summary>Exact decimal divisibility: value / multiple is an integer.</summary>
    internal static bool IsMultiple(NumberValue value, NumberValue multiple)
    {
        var exp = Math.Min(value.Exponent, multiple.Exponent);
        var a = value.Mantissa * BigInteger.Pow(10, value.Exponent - exp);
        var b = multiple.Mantissa * BigInteger.Pow(10, multiple.Exponent - exp);
        return BigInteger.Remainder(a, b).IsZero;
    }

    private static int RuneCount(string s)
    {
        var n = 0;
        foreach (var _ in s.EnumerateRunes())
        {
            n++;
        }

        return n;
    }

    private static string Index(int i) => i.ToString(CultureInfo.InvariantCulture);

    /// <summary>A position in the document: "(root).a.0.b"; the field drops the "(root)." prefix.</summary>
    private sealed class Context(string name, Context? parent)
    {
        public string Path => parent is null ? name : parent.Path + "." + name;

        public string Field
        {
            get
            {
                var path = Path;
                return path.StartsWith("(root).", StringComparison.Ordinal) ? path["(root).".Length..] : path;
            }
        }
    }

    private sealed class Result
    {
        public List<SchemaError> Errors { get; } = [];

        public int Score { get; set; }

        public bool Valid => Errors.Count == 0;

        /// <summary>Each failure costs two points, so a failed check nets -1 after the +1 every check adds.</summary>
        public void Add(string type, Context context, string description)
        {
            Errors.Add(new SchemaError(type, context.Field, description));
            Score -= 2;
        }

        public void Merge(Result? other)
        {
            if (other is null)
            {
                return;
            }

            Errors.AddRange(other.Errors);
            Score += other.Score;
        }
    }
}
