using System.Text.Json.Nodes;
using GitOpsFleet.Reconciler.Tests.Support;

namespace GitOpsFleet.Reconciler.Tests.Cli;

/// <summary>`schema` as a user runs it: the two files into a folder, or both printed.</summary>
public sealed class SchemaCommandTests : IDisposable
{
    private readonly TempDirectory _temp = new("schema");

    public void Dispose() => _temp.Dispose();

    [Fact]
    public async Task Out_WritesBothSchemas_EqualToTheSampleFleetsCopies()
    {
        var cli = new CliRunner(_temp.Combine("home"));
        var folder = _temp.Combine("out", "schemas");

        var result = await cli.RunAsync("schema", "--out", folder);

        Assert.True(result.ExitCode == 0, result.ToString());
        foreach (var name in new[] { "fleet.schema.json", "pool.schema.json" })
        {
            var written = File.ReadAllText(Path.Combine(folder, name));
            Assert.Contains(name, result.Stdout, StringComparison.Ordinal);
            Assert.Equal("https://json-schema.org/draft/2020-12/schema", JsonNode.Parse(written)!["$schema"]!.GetValue<string>());
            var committed = File.ReadAllText(Path.Combine(RepoRoot.Find(), "samples", "fleet-repo", ".schemas", name));
            Assert.Equal(committed.ReplaceLineEndings("\n"), written);
        }
    }

    [Fact]
    public async Task WithoutOut_PrintsBothUnderTheirNames()
    {
        var result = await new CliRunner(_temp.Combine("home")).RunAsync("schema");

        Assert.True(result.ExitCode == 0, result.ToString());
        var fleet = result.Stdout.IndexOf("==> fleet.schema.json <==", StringComparison.Ordinal);
        var pool = result.Stdout.IndexOf("==> pool.schema.json <==", StringComparison.Ordinal);
        Assert.True(fleet >= 0 && pool > fleet, result.ToString());
        var poolSchema = JsonNode.Parse(result.Stdout[(result.Stdout.IndexOf('\n', pool) + 1)..])!;
        Assert.Equal("NodePool", poolSchema["properties"]!["kind"]!["const"]!.GetValue<string>());
    }
}
