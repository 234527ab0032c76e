using System.Globalization;
using System.Text.Json;
using System.Text.Json.Serialization;

namespace GitOpsFleet.Reconciler.Pipeline.Reports;

/// <summary>
/// Times as the run record has always written them: the round-trip ("O") form with all seven fraction
/// digits and the offset. The serializer's own form trims the fraction, which would change stored text.
/// </summary>
internal abstract class TimeTextConverter : JsonConverter<DateTimeOffset>
{
    public override DateTimeOffset Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options) =>
        DateTimeOffset.Parse(reader.GetString() ?? "", CultureInfo.InvariantCulture, DateTimeStyles.RoundtripKind);

    public override void Write(Utf8JsonWriter writer, DateTimeOffset value, JsonSerializerOptions options) =>
        writer.WriteStringValue(Format(value));

    protected abstract string Format(DateTimeOffset value);
}
