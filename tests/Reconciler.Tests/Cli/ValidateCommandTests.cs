using System.Text.Json.Nodes;
using GitOpsFleet.Reconciler.Tests.Support;

namespace GitOpsFleet.Reconciler.Tests.Cli;

/// <summary>`validate` as scripts and editors read it: located diagnostics as JSON, and a plain folder named in full.</summary>
public sealed class ValidateCommandTests : IDisposable
{
    private readonly TempDirectory _temp = new("validate");

    public void Dispose() => _temp.Dispose();

    private string PlainFolder(string replicas)
    {
        var folder = _temp.Combine("fleet");
        Directory.CreateDirectory(Path.Combine(folder, "pools"));
        File.WriteAllText(Path.Combine(folder, "fleet.yaml"), "apiVersion: gitopsfleet.dev/v1\nkind: Fleet\nmetadata:\n  name: plain\nspec:\n  reconcile: {interval: 1h}\n");
        File.WriteAllText(Path.Combine(folder, "pools", "rpc.yaml"),
            $"apiVersion: gitopsfleet.dev/v1\nkind: NodePool\nmetadata:\n  name: rpc\nspec:\n  provider: local\n  software: {{name: geth, version: 1.16.7}}\n  replicas: {replicas}\n");
        return folder;
    }

    [Fact]
    public async Task FormatJson_ListsEveryDiagnosticWithItsLocation_AndExitsOne()
    {
        var cli = new CliRunner(_temp.Combine("home"));
        var result = await cli.RunAsync("validate", "--repo", PlainFolder("{min: 5, max: 2}"), "--format", "json");

        Assert.True(result.ExitCode == 1, result.ToString());
        var json = JsonNode.Parse(result.Stdout)!.AsObject();
        Assert.False(json["valid"]!.GetValue<bool>());
        var diagnostic = json["diagnostics"]!.AsArray().First(d => d!["file"]!.ToString() == "pools/rpc.yaml")!;
        Assert.Equal(8, diagnostic["line"]!.GetValue<int>());
        Assert.True(diagnostic["column"]!.GetValue<int>() > 0);
        Assert.StartsWith("FLEET", diagnostic["code"]!.ToString(), StringComparison.Ordinal);
        Assert.Equal("error", diagnostic["severity"]!.ToString());
        Assert.True(json["errors"]!.GetValue<int>() >= 1);
    }

    [Fact]
    public async Task ValidPlainFolder_IsNamedInFull_AndJsonSaysValid()
    {
        var cli = new CliRunner(_temp.Combine("home"));
        var folder = PlainFolder("{min: 1, max: 2}");

        var text = await cli.RunAsync("validate", "--repo", folder);
        var json = await cli.RunAsync("validate", "--repo", folder, "--format", "json");

        Assert.True(text.ExitCode == 0, text.ToString());
        Assert.Contains("at working-directory is valid", text.Stdout, StringComparison.Ordinal);
        Assert.True(json.ExitCode == 0, json.ToString());
        var document = JsonNode.Parse(json.Stdout)!.AsObject();
        Assert.True(document["valid"]!.GetValue<bool>());
        Assert.Equal("plain", document["fleet"]!.ToString());
        Assert.Empty(document["diagnostics"]!.AsArray());
    }

    [Fact]
    public async Task GitTree_LinkAndOversizedBlob_AreLocatedErrors_AndNeitherIsRead()
    {
        var repo = new FleetRepository(_temp.Combine("repo"));
        var folder = PlainFolder("{min: 1, max: 2}");
        repo.Write("fleet.yaml", File.ReadAllText(Path.Combine(folder, "fleet.yaml")))
            .Write("pools/rpc.yaml", File.ReadAllText(Path.Combine(folder, "pools", "rpc.yaml")))
            .Write("pools/big.yaml", "# " + new string('x', 2 * 1024 * 1024) + "\n");
        File.CreateSymbolicLink(Path.Combine(repo.Path, "pools", "evil.yaml"), "/etc/passwd");
        repo.Commit("a link and a big file");

        var result = await new CliRunner(_temp.Combine("home")).RunAsync("validate", "--repo", repo.Path, "--format", "json");

        Assert.True(result.ExitCode == 1, result.ToString());
        var diagnostics = JsonNode.Parse(result.Stdout)!["diagnostics"]!.AsArray();
        var link = Assert.Single(diagnostics, d => d!["file"]!.ToString() == "pools/evil.yaml")!;
        Assert.Equal("FLEET028", link["code"]!.ToString());
        Assert.Contains("symbolic link (to /etc/passwd)", link["message"]!.ToString(), StringComparison.Ordinal);
        var big = Assert.Single(diagnostics, d => d!["file"]!.ToString() == "pools/big.yaml")!;
        Assert.Equal("FLEET022", big["code"]!.ToString());
        Assert.DoesNotContain("root:", result.Stdout, StringComparison.Ordinal);
    }

    [Fact]
    public async Task FormatJson_IsReadByJq_AsScriptsReadIt()
    {
        var result = await new CliRunner(_temp.Combine("home")).RunAsync("validate", "--repo", PlainFolder("{min: 5, max: 2}"), "--format", "json");
        var jq = new System.Diagnostics.ProcessStartInfo("jq")
        {
            RedirectStandardInput = true, RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false,
        };
        foreach (var a in new[] { "-r", "-e", ".diagnostics[] | select(.severity == \"error\") | \"\\(.file):\\(.line):\\(.column) \\(.code)\"" }) jq.ArgumentList.Add(a);
        using var process = System.Diagnostics.Process.Start(jq)!;
        await process.StandardInput.WriteAsync(result.Stdout);
        process.StandardInput.Close();
        var lines = await process.StandardOutput.ReadToEndAsync();
        await process.WaitForExitAsync();

        Assert.True(process.ExitCode == 0, $"jq exited {process.ExitCode}: {await process.StandardError.ReadToEndAsync()}\n{result.Stdout}");
        Assert.Matches(@"^pools/rpc\.yaml:8:\d+ FLEET\d{3}$", lines.Split('\n')[0]);
    }
}
