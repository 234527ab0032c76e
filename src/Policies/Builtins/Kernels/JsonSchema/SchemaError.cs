namespace GitOpsFleet.Policies.Builtins.Kernels.JsonSchema;

/// <summary>One validation failure: gojsonschema's error type, the field path without "(root).", and the description.</summary>
internal sealed record SchemaError(string Type, string Field, string Description)
{
    /// <summary>"field: description", the text OPA returns as "error".</summary>
    public string Text => Field + ": " + Description;
}
