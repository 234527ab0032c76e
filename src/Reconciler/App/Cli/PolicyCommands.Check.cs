using System.CommandLine;
using GitOpsFleet.Policies;
using GitOpsFleet.Policies.Loading;

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
        var v0 = V0CompatibleOption();
        check.Options.Add(v0);
        check.SetAction((parse, ct) =>
        {
            var root = parse.GetValue(dir)!;
            if (!root.Exists) return Fail($"{root.FullName}: no such directory");
            // Compiled together, as a bundle is: an import or a reference into another file resolves. A .manifest's
            // rego_version and file_rego_versions apply, as they do when the same folder is evaluated or tested.
            var files = Directory.EnumerateFiles(root.FullName, "*", SearchOption.AllDirectories)
                .Select(f => PolicyFile.FromTree(Path.GetRelativePath(root.FullName, f), "") is { Kind: not PolicyFileKind.Data } found ? found with { Text = File.ReadAllText(f) } : null)
                .OfType<PolicyFile>()
                .ToList();
            IReadOnlyList<RegoSource> sources;
            try
            {
                sources = PolicyBundle.Read(files, includeTests: true, VersionOf(parse, v0)).Sources;
            }
            catch (PolicyCompileException ex)
            {
                foreach (var d in ex.Diagnostics) Console.Error.WriteLine(d.ToString());
                return Task.FromResult(CommandLine.Error);
            }
            ct.ThrowIfCancellationRequested();
            var diagnostics = PolicyEngine.Check(sources, parse.GetValue(strict));
            foreach (var d in diagnostics) Console.Error.WriteLine(d.ToString());
            return Task.FromResult(diagnostics.Count == 0 ? CommandLine.Ok : CommandLine.Error);
        });
        return check;
    }
}
