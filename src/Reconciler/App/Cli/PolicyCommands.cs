using System.CommandLine;
using GitOpsFleet.Policies;
using GitOpsFleet.Policies.Conformance;
using GitOpsFleet.Policies.Testing;
using GitOpsFleet.Policies.Values;

namespace GitOpsFleet.Reconciler.Cli;

/// <summary>policy test, policy eval, policy conformance: the security team's tools, with OPA's semantics.</summary>
internal static class PolicyCommands
{
    public static void AddTo(RootCommand root)
    {
        var policy = new Command("policy", "Rego policies: test them, evaluate queries, measure the engine against OPA's conformance cases.");

        var test = new Command("test", "Run the policy tests (rules named test_*, todo_* skipped) in a directory, like 'opa test'. Exit 1 on any failure or error.");
        var testDir = new Argument<DirectoryInfo>("dir") { Description = "Directory with *.rego files (and data.json/data.yaml)." };
        var testVerbose = new Option<bool>("--verbose", "-v") { Description = "List every test, not only failures." };
        test.Arguments.Add(testDir);
        test.Options.Add(testVerbose);
        test.SetAction((parse, ct) =>
        {
            var dir = parse.GetValue(testDir)!;
            if (!dir.Exists) return Fail($"{dir.FullName}: no such directory");
            try
            {
                var report = new PolicyTestRunner().RunDirectory(dir.FullName, parse.GetValue(testVerbose), Console.Out, ct);
                return Task.FromResult(report.Success ? CommandLine.Ok : CommandLine.Error);
            }
            catch (PolicyCompileException ex)
            {
                foreach (var d in ex.Diagnostics) Console.Error.WriteLine(d.ToString());
                return Task.FromResult(CommandLine.Error);
            }
        });
        policy.Subcommands.Add(test);

        var eval = new Command("eval", "Evaluate a query against policies and data, printing the result as JSON like 'opa eval'. Exit 1 on an error.");
        var data = new Option<FileSystemInfo[]>("--data", "-d") { Description = "Policy and data directories, .rego files or data files (repeatable; data merges like opa eval -d).", Required = true, AllowMultipleArgumentsPerToken = false };
        var inputFile = new Option<FileInfo?>("--input", "-i") { Description = "A JSON (or YAML) file used as input." };
        var query = new Argument<string>("query") { Description = "The query, e.g. data.fleet.admission.deny" };
        eval.Options.Add(data);
        eval.Options.Add(inputFile);
        eval.Arguments.Add(query);
        eval.SetAction(async (parse, ct) =>
        {
            try
            {
                // Like opa eval -d: every path's modules, and every path's data merged (a conflict names both files).
                var paths = parse.GetValue(data)!;
                if (paths.FirstOrDefault(p => !p.Exists) is { } missing) return await Fail($"{missing.FullName}: no such file or directory");
                var engine = PolicyEngine.LoadPaths(paths.Select(p => p.FullName));
                Value? input = null;
                if (parse.GetValue(inputFile) is { } file)
                {
                    if (!file.Exists) return await Fail($"{file.FullName}: no such file");
                    var text = await File.ReadAllTextAsync(file.FullName, ct);
                    input = file.Extension is ".yaml" or ".yml" ? ValueYaml.Parse(text) : ValueJson.Parse(text);
                }
                var result = engine.Evaluate(parse.GetValue(query)!, input, null, ct);
                Console.WriteLine(result.ToOpaJson());
                return result.IsError ? CommandLine.Error : CommandLine.Ok;
            }
            catch (PolicyCompileException ex)
            {
                foreach (var d in ex.Diagnostics) await Console.Error.WriteLineAsync(d.ToString());
                return CommandLine.Error;
            }
            catch (System.Text.Json.JsonException ex)
            {
                return await Fail($"input: {ex.Message}");
            }
        });
        policy.Subcommands.Add(eval);

        var conformance = new Command("conformance", "Run OPA's conformance cases (.json/.yaml files, searched recursively) and end with 'N passed, N failed'. Exit 1 when any case fails.");
        var casesDir = new Argument<DirectoryInfo>("dir") { Description = "A directory of OPA conformance case files." };
        var verbose = new Option<bool>("--verbose", "-v") { Description = "List every failing case with its note and reason." };
        conformance.Arguments.Add(casesDir);
        conformance.Options.Add(verbose);
        conformance.SetAction((parse, ct) =>
        {
            var dir = parse.GetValue(casesDir)!;
            if (!dir.Exists) return Fail($"{dir.FullName}: no such directory");
            var report = new ConformanceRunner().RunDirectory(dir.FullName, parse.GetValue(verbose), Console.Out, ct);
            Console.WriteLine(report.Summary);
            return Task.FromResult(report.Failed == 0 ? CommandLine.Ok : CommandLine.Error);
        });
        policy.Subcommands.Add(conformance);
        root.Subcommands.Add(policy);
    }

    private static Task<int> Fail(string message)
    {
        Console.Error.WriteLine($"error: {message}");
        return Task.FromResult(CommandLine.Error);
    }
}
