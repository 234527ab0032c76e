namespace GitOpsFleet.Policies.Builtins.Kernels.JsonSchema;

/// <summary>A schema (or a document) that cannot be loaded; the message is the one gojsonschema gives.</summary>
internal sealed class SchemaException(string message) : Exception(message);
