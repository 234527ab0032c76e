using System.CommandLine;
using GitOpsFleet.Policies;
using GitOpsFleet.Policies.Evaluation;
using GitOpsFleet.Policies.Values;

namespace GitOpsFleet.Reconciler.Cli;

internal static partial class PolicyCommands
{
    private static Command EvalCommand()
    {
        var eval = new Command("eval", "Evaluate a query against policies and data, like 'opa eval'. Exit 1 on an error, or on the --fail/--fail-defined condition.");
        var data = new Option<FileSystemInfo[]>("--data", "-d") { Description = "Policy and data directories, .rego files or data files (repeatable; data merges like opa eval -d).", Required = true, AllowMultipleArgumentsPerToken = false };
        var inputFile = new Option<FileInfo?>("--input", "-i") { Description = "A JSON (or YAML) file used as input." };
        var format = new Option<string>("--format", "-f") { Description = "Output: json (OPA's result document, the default), raw (each value alone: strings unquoted, the rest as JSON) or pretty (indented value, or a table of solutions).", DefaultValueFactory = _ => PolicyEvalOutput.Json };
        format.AcceptOnlyFromAmong(PolicyEvalOutput.Formats);
        var failUndefined = new Option<bool>("--fail") { Description = "Exit 1 when the result is undefined (no solution)." };
        var failDefined = new Option<bool>("--fail-defined") { Description = "Exit 1 when the result is defined (at least one solution)." };
        var query = new Argument<string>("query") { Description = "The query, e.g. data.fleet.admission.deny" };
        eval.Options.Add(data);
        eval.Options.Add(inputFile);
        eval.Options.Add(format);
        eval.Options.Add(failUndefined);
        eval.Options.Add(failDefined);
        eval.Arguments.Add(query);
        var v0 = V0CompatibleOption();
        eval.Options.Add(v0);
        eval.Validators.Add(result =>
        {
            if (result.GetValue(failUndefined) && result.GetValue(failDefined))
            {
                result.AddError("--fail and --fail-defined exclude each other: give one of them.");
            }
        });
        eval.SetAction(async (parse, ct) =>
        {
            try
            {
                // Like opa eval -d: every path's modules, and every path's data merged (a conflict names both files).
                var paths = parse.GetValue(data)!;
                if (paths.FirstOrDefault(p => !p.Exists) is { } missing) return await Fail($"{missing.FullName}: no such file or directory");
                var engine = PolicyEngine.LoadPaths(paths.Select(p => p.FullName), VersionOf(parse, v0));
                Value? input = null;
                if (parse.GetValue(inputFile) is { } file)
                {
                    if (!file.Exists) return await Fail($"{file.FullName}: no such file");
                    var text = await File.ReadAllTextAsync(file.FullName, ct);
                    input = file.Extension is ".yaml" or ".yml" ? ValueYaml.Parse(text) : ValueJson.Parse(text);
                }
                // As OPA: --v0-compatible reads the query as v0 too.
                var result = engine.Evaluate(parse.GetValue(query)!, input, new EvalOptions { QueryVersion = VersionOf(parse, v0) }, ct);
                PolicyEvalOutput.Write(result, parse.GetValue(format)!, Console.Out, Console.Error);
                if (result.IsError) return CommandLine.Error;
                // As opa eval: the result itself never fails the command, only the condition the caller asked for.
                if (parse.GetValue(failUndefined) && !result.IsDefined) return CommandLine.Error;
                if (parse.GetValue(failDefined) && result.IsDefined) return CommandLine.Error;
                return CommandLine.Ok;
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
        return eval;
    }
}
