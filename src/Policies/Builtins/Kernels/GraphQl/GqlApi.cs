namespace GitOpsFleet.Policies.Builtins.Kernels.GraphQl;

/// <summary>Entry points used by the graphql.* builtins.</summary>
internal static class GqlApi
{
    public static GqlObject ParseQuery(string source) => GqlParser.ParseQuery(source);

    public static GqlObject ParseSchema(string source) => GqlParser.ParseSchema(source);

    /// <summary>Loads and validates a schema document; throws the first schema error.</summary>
    public static GqlSchema LoadSchema(GqlObject schemaDocument) => GqlSchema.Load(schemaDocument);

    /// <summary>Every validation error of a query document against a schema (empty when valid).</summary>
    public static IReadOnlyList<GqlException> ValidateQuery(GqlSchema schema, GqlObject queryDocument) =>
        GqlQueryValidator.Validate(schema, queryDocument);

    /// <summary>OPA's rendering of a GraphQL error with its location.</summary>
    public static string Describe(GqlException e, string what) =>
        $"{e.Message} in GraphQL {what} at location {e.Line}:{e.Column}";
}
