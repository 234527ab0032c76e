using System.Text.Json;
using System.Text.Json.Serialization;

namespace GitOpsFleet.Reconciler.Pipeline.Reports;

/// <summary>
/// A <c>deny</c> or <c>warn</c> array of lines, read as typed findings. The kind is the array's, which
/// the line does not repeat; hence one converter per array.
/// </summary>
internal abstract class PolicyFindingsConverter(string kind) : JsonConverter<IReadOnlyList<PolicyFinding>>
{
    public override IReadOnlyList<PolicyFinding> Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options)
    {
        if (reader.TokenType != JsonTokenType.StartArray) throw new JsonException($"a {kind} list must be an array");
        var findings = new List<PolicyFinding>();
        while (reader.Read() && reader.TokenType != JsonTokenType.EndArray)
        {
            // The gate writes lines; anything else (a hand-edited record) is kept as its JSON text.
            var text = reader.TokenType == JsonTokenType.String ? reader.GetString() ?? "" : JsonDocument.ParseValue(ref reader).RootElement.GetRawText();
            findings.Add(PolicyFinding.Parse(text, kind));
        }
        return findings;
    }

    public override void Write(Utf8JsonWriter writer, IReadOnlyList<PolicyFinding> value, JsonSerializerOptions options)
    {
        writer.WriteStartArray();
        foreach (var f in value) writer.WriteStringValue(f.ToString());
        writer.WriteEndArray();
    }
}
