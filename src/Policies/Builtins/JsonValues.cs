using System.Text.Json;
using GitOpsFleet.Policies.Values;

namespace GitOpsFleet.Policies.Builtins;

/// <summary>JSON text to Rego values for the specialised families: numbers keep their exact text, a repeated key keeps its last value.</summary>
internal static class JsonValues
{
    public static Value Parse(string json)
    {
        using var doc = JsonDocument.Parse(json);
        return From(doc.RootElement);
    }

    public static Value From(JsonElement e)
    {
        switch (e.ValueKind)
        {
            case JsonValueKind.Object:
                var b = new ObjectBuilder();
                foreach (var p in e.EnumerateObject())
                {
                    b.Set(p.Name, From(p.Value));
                }

                return b.Build();
            case JsonValueKind.Array:
                return new ArrayValue(e.EnumerateArray().Select(From).ToArray());
            case JsonValueKind.String:
                return new StringValue(e.GetString()!);
            case JsonValueKind.Number:
                return NumberValue.Parse(e.GetRawText());
            case JsonValueKind.True:
                return Value.True;
            case JsonValueKind.False:
                return Value.False;
            default:
                return Value.Null;
        }
    }
}
