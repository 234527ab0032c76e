using System.CommandLine;
using GitOpsFleet.Policies;

namespace GitOpsFleet.Reconciler.Cli;

internal static partial class PolicyCommands
{
    private static Command CheckCommand()
    {
        var check = new Command("check", "Parse and compile every .rego file under a directory, like 'opa check'; print each error as file:line:col: code: message. Exit 1 on any error.");
        var dir = new Argument<DirectoryInfo>("dir") { Description = "Directory with *.rego files (searched recursively)." };
        var strict = new Option<bool>("--strict", "-S") { Description = "Also reject imports that repeat a name or are never used." };
        check.Arguments.Add(dir);
        check.Options.Add(strict);
        check.SetAction((parse, ct) =>
        {
            var root = parse.GetValue(dir)!;
            if (!root.Exists) return Fail($"{root.FullName}: no such directory");
            // Compiled together, as a bundle is: an import or a reference into another file resolves.
            var sources = Directory.EnumerateFiles(root.FullName, "*.rego", SearchOption.AllDirectories)
                .Order(StringComparer.Ordinal)
                .Select(f => new RegoSource(Path.GetRelativePath(root.FullName, f).Replace('\\', '/'), File.ReadAllText(f)))
                .ToList();
            ct.ThrowIfCancellationRequested();
            var diagnostics = PolicyEngine.Check(sources, parse.GetValue(strict));
            foreach (var d in diagnostics) Console.Error.WriteLine(d.ToString());
            return Task.FromResult(diagnostics.Count == 0 ? CommandLine.Ok : CommandLine.Error);
        });
        return check;
    }
}
