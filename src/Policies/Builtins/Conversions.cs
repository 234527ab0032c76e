using GitOpsFleet.Policies.Values;

namespace GitOpsFleet.Policies.Builtins;

/// <summary>to_number.</summary>
internal static class Conversions
{
    internal static void Register(BuiltinRegistry.Builder b)
    {
        b.Add("to_number", [RegoType.Or(RegoType.Null, RegoType.Boolean, RegoType.Number, RegoType.String)], RegoType.Number, (_, a) => a[0] switch
        {
            NullValue => NumberValue.Zero,
            BooleanValue bv => bv.Value ? NumberValue.One : NumberValue.Zero,
            NumberValue n => n,
            StringValue s => Parse(s.Value),
            _ => throw Args.TypeError(0, a[0], "null", "boolean", "number", "string"),
        });
    }

    private static NumberValue Parse(string s)
    {
        // OPA refuses the non-finite spellings Go's ParseFloat would accept as an operand type error,
        // not as a parse failure: a policy gets eval_type_error for them under strict errors.
        var word = s.TrimStart('+', '-');
        if (word.Equals("inf", StringComparison.OrdinalIgnoreCase) || word.Equals("infinity", StringComparison.OrdinalIgnoreCase)
            || word.Equals("nan", StringComparison.OrdinalIgnoreCase))
        {
            throw Args.TypeError(0, new StringValue(s), "valid number string");
        }

        if (NumberValue.TryParse(s, out var n))
        {
            // OPA keeps the exact text but asks Go's ParseFloat first, which refuses what overflows a float64.
            if (double.IsInfinity(n.ToDouble()))
            {
                throw BuiltinException.Error($"strconv.ParseFloat: parsing {Sprintf.Format("%q", [new StringValue(s)])}: value out of range");
            }

            return n;
        }

        // Go's ParseFloat rejects surrounding spaces and the like, which double.Parse would accept.
        throw BuiltinException.Error($"strconv.ParseFloat: parsing {Sprintf.Format("%q", [new StringValue(s)])}: invalid syntax");
    }
}
