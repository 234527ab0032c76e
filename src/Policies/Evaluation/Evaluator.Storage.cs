using System.Globalization;
using GitOpsFleet.Policies.Ast;
using GitOpsFleet.Policies.Values;

namespace GitOpsFleet.Policies.Evaluation;

/// <summary>
/// Reads of base data (the JSON document handed to the engine) through a ref. OPA reads these from its
/// store by a path of strings: a number key is written as its text and an array index is parsed back
/// from text. So <c>data.x[1]</c> finds the object key "1", and <c>data.x["1"]</c> the second array
/// element, while the same lookups on a value held in a variable stay undefined. Only reads through a
/// data ref come here; rule values and <c>with</c> overrides keep value semantics.
/// </summary>
internal sealed partial class Evaluator
{
    private static Value? StorageLookup(Value cur, Value key)
    {
        if (Lookup(cur, key) is { } found)
        {
            return found;
        }

        return (cur, key) switch
        {
            (ObjectValue o, NumberValue n) => o.Get(new StringValue(n.ToString())),
            (ArrayValue a, StringValue s) when TryParseGoInt(s.Value, out var index) && index >= 0 && index < a.Count => a[index],
            _ => null,
        };
    }

    /// <summary>Go's strconv.Atoi: an optional sign and decimal digits, nothing else.</summary>
    private static bool TryParseGoInt(string s, out int value) =>
        int.TryParse(s, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out value);

    /// <summary>Walks the rest of a ref through base data, with store lookups for ground keys.</summary>
    private bool WalkBase(Value cur, Term[] path, int i, Value?[] f, Func<Value, bool> k)
    {
        if (i == path.Length)
        {
            return k(cur);
        }

        var key = path[i];
        if (key is ValueTerm vt && cur is ObjectValue o && vt.Value is StringValue field)
        {
            // The common case keeps the per-site lookup hint; a string key on an object needs no coercion.
            var found = Field(o, field, vt);
            return found is null || WalkBase(found, path, i + 1, f, k);
        }

        if (GroundKey(key, f, out var kv))
        {
            var next = StorageLookup(cur, kv);
            return next is null || WalkBase(next, path, i + 1, f, k);
        }

        if (!IsUnboundPattern(key, f))
        {
            return WalkValueGeneral(cur, key, path, i, f, k);
        }

        // Array indexes and object keys of base data are walked on as base data; anything else as a value.
        return cur is ArrayValue or ObjectValue
            ? EachChild(cur, key, f, item => WalkBase(item, path, i + 1, f, k))
            : WalkValueGeneral(cur, key, path, i, f, k);
    }
}

