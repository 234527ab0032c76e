using System.Text.Json;
using GitOpsFleet.Loading.Schema;
using GitOpsFleet.Loading.Yaml;
using GitOpsFleet.Model;
using Json.Schema;

namespace GitOpsFleet.Loading.Tests.Schema;

/// <summary>The generated schemas, built once, and YAML checked against them through the loader's own YAML reader.</summary>
internal static class SchemaCheck
{
    public static string SchemaFolder => Path.Combine(Fixtures.RepositoryRoot(), "samples", "fleet-repo", ".schemas");

    private static readonly Lazy<IReadOnlyDictionary<string, JsonSchema>> Schemas = new(() =>
        SchemaGenerator.Generate().ToDictionary(
            f => f.FileName,
            // A base URI per file: JsonSchema.Net registers every schema it builds, and both would otherwise claim the same one.
            f => JsonSchema.FromText(f.Json, baseUri: new Uri("urn:gitopsfleet:" + f.FileName))));

    public static JsonSchema For(string kind) =>
        Schemas.Value[kind == FleetDocumentReader.Kind ? SchemaGenerator.FleetFileName : SchemaGenerator.PoolFileName];

    /// <summary>What the schema for <paramref name="kind"/> says is wrong with <paramref name="yaml"/>; empty when it is valid.</summary>
    public static IReadOnlyList<string> Errors(string kind, string yaml)
    {
        var results = For(kind).Evaluate(ToJson(yaml), new EvaluationOptions { OutputFormat = OutputFormat.List });
        if (results.IsValid)
        {
            return [];
        }
        var errors = (results.Details ?? [])
            .Where(d => d.Errors is not null)
            .SelectMany(d => d.Errors!.Select(e => $"{d.InstanceLocation}: {e.Value}"))
            .ToList();
        return errors.Count > 0 ? errors : ["invalid"];
    }

    /// <summary>YAML as the loader sees it: plain scalars resolve to numbers, booleans and null like YAML 1.2's core schema.</summary>
    public static JsonElement ToJson(string yaml)
    {
        var diagnostics = new List<Diagnostic>();
        var document = YamlTreeReader.Read(yaml, "fixture.yaml", diagnostics);
        Assert.False(document.Failed, string.Join("\n", diagnostics));
        Assert.NotNull(document.Root);
        Assert.True(YamlJson.TryConvert(document.Root, out var json));
        return json;
    }
}
