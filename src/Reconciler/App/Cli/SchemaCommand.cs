using System.CommandLine;
using GitOpsFleet.Loading.Schema;

namespace GitOpsFleet.Reconciler.Cli;

/// <summary>gitopsfleet schema: the JSON Schemas of fleet.yaml and pool files, generated from the loader's field tables.</summary>
internal static class SchemaCommand
{
    public static void AddTo(RootCommand root)
    {
        var command = new Command("schema",
            $"Write JSON Schemas (draft 2020-12) for fleet.yaml ({SchemaGenerator.FleetFileName}) and pools/*.yaml ({SchemaGenerator.PoolFileName}), for editors and CI validators.");
        var output = new Option<DirectoryInfo?>("--out") { Description = "Write the two files into this folder (created if needed) instead of printing them." };
        command.Options.Add(output);
        command.SetAction((parse, ct) => WriteAsync(parse.GetValue(output), Console.Out, ct));
        root.Subcommands.Add(command);
    }

    /// <summary>Writes the schemas into <paramref name="directory"/> and lists the paths, or prints each under a header line when it is null.</summary>
    public static async Task<int> WriteAsync(DirectoryInfo? directory, TextWriter output, CancellationToken cancellationToken)
    {
        var files = SchemaGenerator.Generate();
        if (directory is null)
        {
            foreach (var file in files)
            {
                await output.WriteLineAsync($"==> {file.FileName} <==");
                await output.WriteAsync(file.Json.AsMemory(), cancellationToken);
            }
            return CommandLine.Ok;
        }
        directory.Create();
        foreach (var file in files)
        {
            var path = Path.Combine(directory.FullName, file.FileName);
            await File.WriteAllTextAsync(path, file.Json, cancellationToken);
            await output.WriteLineAsync(path);
        }
        return CommandLine.Ok;
    }
}
