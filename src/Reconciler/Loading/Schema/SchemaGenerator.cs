namespace GitOpsFleet.Loading.Schema;

/// <summary>
/// JSON Schemas (draft 2020-12) for fleet.yaml and pool files, built from the loader's own field tables so that
/// editors and CI validators check what the loader checks of one file. Rules that compare fields (min not above
/// max) or look beyond the file (scripts that must exist in the commit, known providers) are left to `gitopsfleet validate`.
/// </summary>
public static class SchemaGenerator
{
    public const string FleetFileName = "fleet.schema.json";
    public const string PoolFileName = "pool.schema.json";

    /// <param name="options">Supplies the per-pool replica limit; the default options when null.</param>
    public static IReadOnlyList<SchemaFile> Generate(FleetLoadOptions? options = null)
    {
        var writer = new SchemaWriter(options ?? FleetLoadOptions.Default);
        return
        [
            new SchemaFile(FleetFileName, writer.Document(FleetDocumentReader.Kind, FleetDocumentReader.FileName,
                "The fleet's settings: when to reconcile, drift, policies, metrics, forge and cloud accounts.",
                FleetDocumentReader.SpecFields, specRequired: false)),
            new SchemaFile(PoolFileName, writer.Document(PoolDocumentReader.Kind, "pools/*.yaml",
                "One pool of identical nodes: where they run, what they run and how many.",
                PoolDocumentReader.SpecFields, specRequired: true)),
        ];
    }
}
