using System.Text.Json.Serialization;

namespace GitOpsFleet.Reconciler.Pipeline.Reports;

/// <summary>
/// The run record's serializer, generated at build time. Nulls are left out: readers of the document
/// have always treated a missing key and a null one alike.
/// </summary>
[JsonSourceGenerationOptions(PropertyNamingPolicy = JsonKnownNamingPolicy.CamelCase, DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull)]
[JsonSerializable(typeof(RunReport))]
[JsonSerializable(typeof(StepRecord[]))]
[JsonSerializable(typeof(PolicyStageReport[]))]
[JsonSerializable(typeof(ScalingReport[]))]
[JsonSerializable(typeof(DriftReportRecord))]
internal sealed partial class RunReportJson : JsonSerializerContext;
