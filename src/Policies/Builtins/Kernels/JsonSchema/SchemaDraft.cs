namespace GitOpsFleet.Policies.Builtins.Kernels.JsonSchema;

/// <summary>Drafts by number; Hybrid (no $schema) accepts the keywords of every draft, as gojsonschema does.</summary>
internal static class SchemaDraft
{
    public const int Draft4 = 4;
    public const int Draft6 = 6;
    public const int Draft7 = 7;
    public const int Hybrid = int.MaxValue;

    /// <summary>The draft a "$schema" URL names (trailing "#" ignored), or null for any other URL.</summary>
    public static int? FromUrl(string url) => url.TrimEnd('#') switch
    {
        "http://json-schema.org/draft-04/schema" => Draft4,
        "http://json-schema.org/draft-06/schema" => Draft6,
        "http://json-schema.org/draft-07/schema" => Draft7,
        _ => null,
    };
}
