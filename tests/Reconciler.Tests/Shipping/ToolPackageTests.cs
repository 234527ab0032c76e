using System.Diagnostics;
using GitOpsFleet.Reconciler.Tests.Support;

namespace GitOpsFleet.Reconciler.Tests.Shipping;

/// <summary>
/// `dotnet pack` of the program makes a .NET tool. Packed from the build outputs and installed from a local folder
/// only (no network), it must run, validate the sample fleet, and run a scaling script: the last needs the script
/// worker beside the tool's own assembly, which is what a package missing a ProjectReference's output breaks.
/// </summary>
public sealed class ToolPackageTests
{
    private static readonly string Root = RepoRoot.Find();
    private static readonly string Dotnet = Environment.GetEnvironmentVariable("DOTNET_HOST_PATH") ?? "dotnet";

    // The configuration this test was built with (bin/<Configuration>/net10.0), so --no-build finds the program's outputs.
    private static string Configuration => new DirectoryInfo(Path.TrimEndingDirectorySeparator(AppContext.BaseDirectory)).Parent!.Name;

    [Fact]
    public async Task PackedTool_InstalledFromAFolder_RunsValidateAndScriptsWithItsWorker()
    {
        using var temp = new TempDirectory("tool");
        var packages = temp.Combine("packages");
        var tools = temp.Combine("tools");
        // Only the folder the package was packed into: the install needs no feed on the network.
        File.WriteAllText(temp.Combine("nuget.config"),
            $"""<?xml version="1.0" encoding="utf-8"?><configuration><packageSources><clear /><add key="local" value="{packages}" /></packageSources></configuration>""");

        var pack = await RunAsync(Dotnet, "pack", Path.Combine(Root, "src", "Reconciler", "App"), "-c", Configuration, "--no-build", "-o", packages, "-nologo", "-v", "q");
        Assert.True(pack.ExitCode == 0, pack.ToString());
        var install = await RunAsync(Dotnet, "tool", "install", "--tool-path", tools, "--configfile", temp.Combine("nuget.config"), "GitOpsFleet.Tool");
        Assert.True(install.ExitCode == 0, install.ToString());
        Assert.True(Directory.EnumerateFiles(tools, "gitopsfleet-script-worker.runtimeconfig.json", SearchOption.AllDirectories).Any(),
            "the script worker's runtimeconfig.json is not in the installed tool");

        var gitopsfleet = Path.Combine(tools, "gitopsfleet");
        var version = await RunAsync(gitopsfleet, "--version");
        Assert.True(version.ExitCode == 0 && version.Stdout.Trim().Length > 0, version.ToString());
        var validate = await RunAsync(gitopsfleet, "validate", "--repo", Path.Combine(Root, "samples", "fleet-repo"));
        Assert.True(validate.ExitCode == 0, validate.ToString());
        Assert.Contains("is valid", validate.Stdout, StringComparison.Ordinal);
        var script = await RunAsync(gitopsfleet, "script", "run", Path.Combine(Root, "samples", "fleet-repo", "scaling", "rpc-autoscale.csx"),
            "--current", "3", "--min", "2", "--max", "8");
        Assert.True(script.ExitCode == 0, script.ToString());
        Assert.Equal("3", script.Stdout.TrimEnd().Split('\n')[^1]);
    }

    private static async Task<CliResult> RunAsync(string fileName, params string[] args)
    {
        var psi = new ProcessStartInfo(fileName) { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        foreach (var a in args) psi.ArgumentList.Add(a);
        psi.Environment["DOTNET_CLI_TELEMETRY_OPTOUT"] = "1";
        psi.Environment["DOTNET_NOLOGO"] = "1";
        psi.Environment["NO_COLOR"] = "1";
        using var process = Process.Start(psi)!;
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        using var timeout = new CancellationTokenSource(TimeSpan.FromMinutes(2));
        try
        {
            await process.WaitForExitAsync(timeout.Token);
        }
        catch (OperationCanceledException)
        {
            process.Kill(entireProcessTree: true);
            throw;
        }
        return new CliResult(process.ExitCode, await stdout, await stderr);
    }
}
