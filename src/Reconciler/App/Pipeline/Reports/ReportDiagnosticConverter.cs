using System.Text.Json;
using System.Text.Json.Serialization;

namespace GitOpsFleet.Reconciler.Pipeline.Reports;

/// <summary>Reads and writes a diagnostic as its one line.</summary>
internal sealed class ReportDiagnosticConverter : JsonConverter<ReportDiagnostic>
{
    public override ReportDiagnostic Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options) =>
        ReportDiagnostic.Parse(reader.GetString() ?? "");

    public override void Write(Utf8JsonWriter writer, ReportDiagnostic value, JsonSerializerOptions options) =>
        writer.WriteStringValue(value.ToString());
}
