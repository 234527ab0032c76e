using System.CommandLine;
using System.Text.RegularExpressions;
using GitOpsFleet.Policies;
using GitOpsFleet.Policies.Testing;

namespace GitOpsFleet.Reconciler.Cli;

internal static partial class PolicyCommands
{
    private static Command TestCommand()
    {
        var test = new Command("test", "Run the policy tests (rules named test_*, todo_* skipped) in a directory, like 'opa test'. Exit 1 on any failure or error.");
        var testDir = new Argument<DirectoryInfo>("dir") { Description = "Directory with *.rego files (and data.json/data.yaml)." };
        var verbose = new Option<bool>("--verbose", "-v") { Description = "List every test, not only failures." };
        var format = new Option<string>("--format", "-f") { Description = "Output: pretty (the default) or json, an array of results like 'opa test --format json'.", DefaultValueFactory = _ => "pretty" };
        format.AcceptOnlyFromAmong("pretty", "json");
        var run = new Option<string?>("--run", "-r") { Description = "Run only the tests whose full name (data.pkg.test_name) matches this regular expression." };
        var coverage = new Option<bool>("--coverage", "-c") { Description = "Print the coverage report instead of the results, as 'opa test --coverage' does: per file the rows covered and not covered, their counts and percentages, then the totals." };
        test.Arguments.Add(testDir);
        test.Options.Add(coverage);
        test.Options.Add(verbose);
        test.Options.Add(format);
        test.Options.Add(run);
        var v0 = V0CompatibleOption();
        test.Options.Add(v0);
        test.SetAction((parse, ct) =>
        {
            var dir = parse.GetValue(testDir)!;
            if (!dir.Exists) return Fail($"{dir.FullName}: no such directory");
            Regex? filter = null;
            if (parse.GetValue(run) is { } pattern)
            {
                try
                {
                    // The pattern is the user's own, but a timeout keeps a pathological one from hanging the command.
                    filter = new Regex(pattern, RegexOptions.CultureInvariant, TimeSpan.FromSeconds(1));
                }
                catch (ArgumentException ex)
                {
                    return Fail($"--run: {ex.Message}");
                }
            }

            try
            {
                var withCoverage = parse.GetValue(coverage);
                var json = parse.GetValue(format) == "json" || withCoverage;
                var runner = new PolicyTestRunner { Filter = filter, Coverage = withCoverage };
                var engine = PolicyEngine.LoadDirectory(dir.FullName, version: VersionOf(parse, v0));
                var report = runner.Run(engine, parse.GetValue(verbose), json ? TextWriter.Null : Console.Out, ct);
                if (withCoverage) Console.WriteLine(report.Coverage!.ToJson());
                else if (json) Console.WriteLine(PolicyTestJson.Write(report));
                return Task.FromResult(report.Success ? CommandLine.Ok : CommandLine.Error);
            }
            catch (PolicyCompileException ex)
            {
                foreach (var d in ex.Diagnostics) Console.Error.WriteLine(d.ToString());
                return Task.FromResult(CommandLine.Error);
            }
        });
        return test;
    }
}
