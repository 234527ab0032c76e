using System.Text.Json;
using System.Text.Json.Nodes;
using GitOpsFleet.Loading.Schema;
using Json.Schema;

namespace GitOpsFleet.Loading.Tests.Schema;

public sealed class SchemaGeneratorTests
{
    [Fact]
    public void CommittedSchemas_EqualGeneratorOutput()
    {
        foreach (var file in SchemaGenerator.Generate())
        {
            var committed = File.ReadAllText(Path.Combine(SchemaCheck.SchemaFolder, file.FileName)).ReplaceLineEndings("\n");
            // On a mismatch: run `gitopsfleet schema --out samples/fleet-repo/.schemas` and commit the result.
            Assert.True(committed == file.Json, $"{file.FileName} differs from the generator's output");
        }
    }

    [Fact]
    public void Generate_WritesValidDraft202012Schemas()
    {
        foreach (var file in SchemaGenerator.Generate())
        {
            using var document = JsonDocument.Parse(file.Json);
            var results = MetaSchemas.Draft202012.Evaluate(document.RootElement);
            Assert.True(results.IsValid, file.FileName);
        }
    }

    [Fact]
    public void Generate_TakesChoicesBoundsAndRequiredFieldsFromTheLoader()
    {
        var pool = Parse(SchemaGenerator.PoolFileName);
        var replicas = pool["properties"]!["spec"]!["properties"]!["replicas"]!;
        Assert.Equal(["min", "max"], replicas["required"]!.AsArray().Select(n => n!.GetValue<string>()));
        Assert.Equal(FleetLoadOptions.Default.MaxReplicasPerPool, replicas["properties"]!["max"]!["maximum"]!.GetValue<int>());
        Assert.Equal(0, replicas["properties"]!["min"]!["minimum"]!.GetValue<int>());
        Assert.False(replicas["additionalProperties"]!.GetValue<bool>());
        Assert.Equal("NodePool", pool["properties"]!["kind"]!["const"]!.GetValue<string>());

        var fleet = Parse(SchemaGenerator.FleetFileName);
        var action = fleet["properties"]!["spec"]!["properties"]!["drift"]!["properties"]!["action"]!;
        Assert.Equal(["pull-request", "heal", "report", null], action["enum"]!.AsArray().Select(n => n?.GetValue<string>()));
        Assert.False(string.IsNullOrWhiteSpace(action["description"]!.GetValue<string>()));
    }

    [Fact]
    public void Generate_UsesTheReplicaLimitOfTheOptions()
    {
        var file = SchemaGenerator.Generate(FleetLoadOptions.Default with { MaxReplicasPerPool = 50 }).Single(f => f.FileName == SchemaGenerator.PoolFileName);

        var max = JsonNode.Parse(file.Json)!["properties"]!["spec"]!["properties"]!["replicas"]!["properties"]!["max"]!;
        Assert.Equal(50, max["maximum"]!.GetValue<int>());
    }

    [Fact]
    public void EveryField_HasADescription()
    {
        foreach (var file in SchemaGenerator.Generate())
        {
            foreach (var (path, property) in Properties(JsonNode.Parse(file.Json)!, "$"))
            {
                Assert.True(property["description"] is JsonValue, $"{file.FileName}: {path} has no description");
            }
        }
    }

    private static JsonNode Parse(string fileName) => JsonNode.Parse(SchemaGenerator.Generate().Single(f => f.FileName == fileName).Json)!;

    private static IEnumerable<(string Path, JsonNode Property)> Properties(JsonNode schema, string path)
    {
        if (schema["properties"] is not JsonObject properties)
        {
            yield break;
        }
        foreach (var (name, property) in properties)
        {
            yield return ($"{path}.{name}", property!);
            foreach (var nested in Properties(property!, $"{path}.{name}"))
            {
                yield return nested;
            }
        }
    }
}
