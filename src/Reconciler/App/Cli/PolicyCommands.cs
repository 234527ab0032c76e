using System.CommandLine;
using GitOpsFleet.Policies;
using GitOpsFleet.Policies.Conformance;

namespace GitOpsFleet.Reconciler.Cli;

/// <summary>policy test, policy eval, policy check, policy fmt, policy conformance: the security team's tools, with OPA's semantics.</summary>
internal static partial class PolicyCommands
{
    public static void AddTo(RootCommand root)
    {
        var policy = new Command("policy", "Rego policies: test them, evaluate queries, check them, measure the engine against OPA's conformance cases.");
        policy.Subcommands.Add(TestCommand());
        policy.Subcommands.Add(EvalCommand());
        policy.Subcommands.Add(CheckCommand());
        policy.Subcommands.Add(FmtCommand());
        policy.Subcommands.Add(ReportCommand(root));

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

    /// <summary>
    /// --v0-compatible, as on OPA 1.x: modules are read as Rego v0 unless a .manifest says otherwise. One option per
    /// command (System.CommandLine options belong to one parent).
    /// </summary>
    private static Option<bool> V0CompatibleOption() => new("--v0-compatible")
    {
        Description = "Read modules as Rego v0 (bodies without 'if', p[x] { } as a partial set, keywords only after 'import future.keywords'), like OPA's flag; a .manifest's rego_version and file_rego_versions still win.",
    };

    private static RegoVersion VersionOf(ParseResult parse, Option<bool> v0Compatible) =>
        parse.GetValue(v0Compatible) ? RegoVersion.V0 : RegoVersion.V1;

    private static Task<int> Fail(string message)
    {
        Console.Error.WriteLine($"error: {message}");
        return Task.FromResult(CommandLine.Error);
    }
}
