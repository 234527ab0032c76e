using System.Text.Json.Serialization;

namespace GitOpsFleet.Providers.Local;

/// <summary>Source-generated so that a node process starts without reflection-based serialization.</summary>
[JsonSourceGenerationOptions(WriteIndented = true, PropertyNamingPolicy = JsonKnownNamingPolicy.CamelCase)]
[JsonSerializable(typeof(NodeRecord))]
internal sealed partial class LocalJsonContext : JsonSerializerContext;
