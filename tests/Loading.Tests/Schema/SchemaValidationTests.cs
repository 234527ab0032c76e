using GitOpsFleet.Model;

namespace GitOpsFleet.Loading.Tests.Schema;

/// <summary>The generated schemas accept what the loader accepts, and reject what it rejects for a field's own sake.</summary>
public sealed class SchemaValidationTests
{
    private static string SampleFolder => Path.Combine(Fixtures.RepositoryRoot(), "samples", "fleet-repo");

    [Fact]
    public void SampleFiles_AreValid_AndPointEditorsAtTheCommittedSchemas()
    {
        var files = new[] { "fleet.yaml" }.Concat(Directory.GetFiles(Path.Combine(SampleFolder, "pools"), "*.yaml")
            .Select(f => "pools/" + Path.GetFileName(f)).Order(StringComparer.Ordinal));
        foreach (var file in files)
        {
            var yaml = File.ReadAllText(Path.Combine(SampleFolder, file));
            var kind = file == "fleet.yaml" ? "Fleet" : "NodePool";
            Assert.True(SchemaCheck.Errors(kind, yaml) is [], $"{file}: {string.Join("; ", SchemaCheck.Errors(kind, yaml))}");

            var first = yaml.ReplaceLineEndings("\n").Split('\n')[0];
            const string Marker = "# yaml-language-server: $schema=";
            Assert.StartsWith(Marker, first, StringComparison.Ordinal);
            var target = Path.GetFullPath(Path.Combine(Path.GetDirectoryName(Path.Combine(SampleFolder, file))!, first[Marker.Length..]));
            Assert.True(File.Exists(target), $"{file} points at {first[Marker.Length..]}, which does not exist");
        }
    }

    [Fact]
    public void InlineFixturesTheLoaderAccepts_AreValid()
    {
        var checkedCount = 0;
        foreach (var (source, yaml) in FixtureSources.All())
        {
            var kind = FixtureSources.KindOf(yaml);
            if (kind is not ("Fleet" or "NodePool") || !LoaderAccepts(kind, yaml))
            {
                continue;
            }
            var errors = SchemaCheck.Errors(kind, yaml);
            Assert.True(errors is [], $"a {kind} in {source} loads but fails the schema: {string.Join("; ", errors)}\n{yaml}");
            checkedCount++;
        }
        // Guards the scan itself: if it stopped finding fixtures this test would pass while checking nothing.
        Assert.True(checkedCount >= 10, $"only {checkedCount} inline fixtures were checked");
    }

    [Fact]
    public void Fixtures_AreValid()
    {
        Assert.Empty(SchemaCheck.Errors("Fleet", Fixtures.FleetYaml));
        Assert.Empty(SchemaCheck.Errors("NodePool", Fixtures.Pool()));
    }

    [Theory]
    [InlineData("  forge: {kind: local}")]
    [InlineData("  forge: {kind: github, repository: acme/fleet}")]
    [InlineData("  policies: {engine: embedded}")]
    [InlineData("  policies: {engine: opa, opa: {url: 'http://opa:8181'}}")]
    [InlineData("  reconcile: {interval: 1h30m, mode: manual, maxDeletePercent: 0}\n  drift: {action: report}")]
    [InlineData("  reconcile:\n  drift:")]
    public void FleetSettingsTheLoaderAccepts_AreValid(string spec)
    {
        var yaml = "apiVersion: gitopsfleet.dev/v1\nkind: Fleet\nmetadata:\n  name: testnet\nspec:\n" + spec + "\n";
        Assert.True(Fixtures.Load(Fixtures.Snapshot(("fleet.yaml", yaml))).Succeeded);

        Assert.Empty(SchemaCheck.Errors("Fleet", yaml));
    }

    public static TheoryData<string, string, string> Rejected => SchemaRejectionCases.All();

    [Theory]
    [MemberData(nameof(Rejected))]
    public void FieldErrors_AreRejectedByLoaderAndSchema(string kind, string yaml, string code)
    {
        var result = kind == "Fleet"
            ? Fixtures.Load(Fixtures.Snapshot(("fleet.yaml", yaml)))
            : Fixtures.Load(Fixtures.WithFleet(("pools/rpc.yaml", yaml)));
        Assert.Contains(code, result.Diagnostics.Select(d => d.Code));

        Assert.NotEmpty(SchemaCheck.Errors(kind, yaml));
    }

    // Rules about the rest of the commit or the service, which a schema for one file cannot know.
    private static readonly string[] RepositoryLevel =
        [DiagnosticCodes.FileNotInCommit, DiagnosticCodes.ProviderSettingsMissing, DiagnosticCodes.UnknownProvider];

    /// <summary>True when the file loads without an error of its own (pools beside the test fleet.yaml).</summary>
    private static bool LoaderAccepts(string kind, string yaml)
    {
        var (path, snapshot) = kind == "Fleet"
            ? ("fleet.yaml", Fixtures.Snapshot(("fleet.yaml", yaml)))
            : ("pools/p.yaml", Fixtures.WithFleet(("pools/p.yaml", yaml)));
        var result = new FleetLoader().Load(snapshot, FleetLoadOptions.Default with { KnownProviders = ["local", "ansible", "azure", "fake"] });
        return !result.Diagnostics.Any(d => d.Severity == DiagnosticSeverity.Error && d.Path == path && !RepositoryLevel.Contains(d.Code));
    }
}
