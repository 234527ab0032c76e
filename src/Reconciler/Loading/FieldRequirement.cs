namespace GitOpsFleet.Loading;

/// <summary>
/// A field the loader requires only when another field of the same mapping holds one of <paramref name="Values"/>
/// (the ansible section for provider ansible). Kept in the table so the schema can say it too.
/// </summary>
internal sealed record FieldRequirement(string When, IReadOnlyList<string> Values, string Required);
