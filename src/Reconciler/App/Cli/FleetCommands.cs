using System.CommandLine;
using GitOpsFleet.Loading;
using GitOpsFleet.Providers;
using GitOpsFleet.Model;
using GitOpsFleet.Reconciler.Git;
using GitOpsFleet.Reconciler.Hosting;
using GitOpsFleet.Reconciler.Pipeline;
using GitOpsFleet.Reconciler.State;
using GitOpsFleet.Reconciler.Telemetry;

namespace GitOpsFleet.Reconciler.Cli;

/// <summary>validate, plan, reconcile, drift: the commands that read a fleet repository.</summary>
internal static class FleetCommands
{
    public static void AddTo(RootCommand root)
    {
        var home = CommonOptions.Home();
        root.Options.Add(home);

        var validate = new Command("validate", "Load the fleet at a commit and report every problem with file:line:column. Exit 1 on any error.");
        var vRepo = CommonOptions.Repo();
        var vRef = CommonOptions.Ref();
        var vPath = CommonOptions.FleetPath();
        validate.Options.Add(vRepo);
        validate.Options.Add(vRef);
        validate.Options.Add(vPath);
        var vFormat = new Option<string>("--format") { Description = "text (default): path:line:column lines; json: one object with every diagnostic (file, line, column, code, severity, message).", DefaultValueFactory = _ => "text" };
        vFormat.AcceptOnlyFromAmong("text", "json");
        validate.Options.Add(vFormat);
        validate.SetAction((parse, ct) => ValidateAsync(parse.GetValue(home), parse.GetValue(vRepo)!, parse.GetValue(vRef), parse.GetValue(vPath), parse.GetValue(vFormat) == "json", ct));
        root.Subcommands.Add(validate);

        root.Subcommands.Add(PipelineCommand("plan",
            "Show what a reconcile would do. Exit 0: no changes, 2: changes pending, 1: error (like terraform plan -detailed-exitcode).",
            RunMode.Plan, home));
        var reconcile = PipelineCommand("reconcile", "Reconcile the fleet once: apply what policy allows, report drift. Exit 0 on success, 1 on any failure.", RunMode.Reconcile, home);
        root.Subcommands.Add(reconcile);
        root.Subcommands.Add(PipelineCommand("drift",
            "Observe the fleet and report drift (missing, unknown or changed nodes) without applying; publishes the drift pull request. Exit 2 when there is drift, 0 when there is none.",
            RunMode.DriftCheck, home));
    }

    private static Command PipelineCommand(string name, string description, RunMode mode, Option<string?> home)
    {
        var command = new Command(name, description);
        var repo = CommonOptions.Repo();
        var gitRef = CommonOptions.Ref();
        var fleetPath = CommonOptions.FleetPath();
        command.Options.Add(repo);
        command.Options.Add(gitRef);
        command.Options.Add(fleetPath);
        Option<bool>? once = null;
        if (mode == RunMode.Reconcile)
        {
            once = new Option<bool>("--once") { Description = "Run one reconcile and exit (the service runs them on a schedule)." };
            command.Options.Add(once);
        }
        var json = new Option<bool>("--json") { Description = "Print the run outcome as JSON instead of text." };
        command.Options.Add(json);
        var trace = new Option<bool>("--trace") { Description = "After the run, print its span tree (the reconcile span, each step, the calls inside them) with durations to stderr." };
        command.Options.Add(trace);
        command.SetAction(async (parse, ct) =>
        {
            if (once is not null && !parse.GetValue(once))
            {
                await Console.Error.WriteLineAsync("gitopsfleet reconcile: pass --once for a single run (use 'gitopsfleet serve' to reconcile continuously)");
                return CommandLine.Error;
            }
            Task<int> Run() => RunPipelineAsync(parse.GetValue(home), parse.GetValue(repo)!, parse.GetValue(gitRef), parse.GetValue(fleetPath), mode, parse.GetValue(json), Console.Out, TimeProvider.System, ct);
            var printTree = parse.GetValue(trace);
            if (!printTree && !OtlpEnvironment.Configured) return await Run();
            // Stderr, so the span tree never mixes into --json or the plan a script reads from stdout.
            return await TraceExport.RunAsync(printTree, Run, Console.Error);
        });
        return command;
    }

    public static async Task<int> RunPipelineAsync(string? homePath, string repo, string? gitRef, string? fleetPath, RunMode mode, bool json, TextWriter output, TimeProvider time, CancellationToken cancellationToken)
    {
        var home = StateHome.Resolve(homePath);
        await using var app = await AppComposition.CreateAsync(home, time, cancellationToken);
        var location = RepositoryLocation.Parse(repo);
        var reporter = new ConsoleRunReporter(json ? TextWriter.Null : output);
        var outcome = await app.Pipeline.RunAsync(new FleetTarget(location, gitRef, fleetPath), mode, "cli", reporter, cancellationToken);
        if (json)
        {
            var run = await app.Store.GetRunAsync(outcome.RunId, CancellationToken.None);
            await output.WriteLineAsync(run?.Document.ToJsonString(new System.Text.Json.JsonSerializerOptions { WriteIndented = true }));
        }
        else
        {
            OutcomePrinter.Print(outcome, mode, output);
        }
        // Stderr, so the line never mixes into --json or the plan a script reads.
        await CliNotificationDelivery.SendAsync(app, outcome.RunId, Console.Error, time, cancellationToken);
        return ExitCode(outcome, mode);
    }

    public static int ExitCode(RunOutcome outcome, RunMode mode) => outcome.Result switch
    {
        RunResults.Cancelled => CommandLine.Cancelled,
        RunResults.Planned => outcome.Plan is { HasChanges: true } ? CommandLine.ChangesOrDrift : CommandLine.Ok,
        RunResults.Drift => CommandLine.ChangesOrDrift,
        RunResults.NoChanges or RunResults.Succeeded or RunResults.Waiting => CommandLine.Ok,
        _ => CommandLine.Error,
    };

    private static async Task<int> ValidateAsync(string? homePath, string repo, string? gitRef, string? fleetPath, bool json, CancellationToken cancellationToken)
    {
        ISourceSnapshot snapshot;
        GitSnapshot? gitSnapshot = null;
        var location = RepositoryLocation.Parse(repo);
        // A plain folder (not yet committed) is validated as it is on disk, so authors can check before they push.
        if (!repo.Contains("://", StringComparison.Ordinal) && Directory.Exists(repo) && !LibGit2Sharp.Repository.IsValid(repo))
        {
            snapshot = InMemorySnapshot.FromDirectory(repo);
        }
        else
        {
            try
            {
                var home = StateHome.Resolve(homePath);
                var git = new GitSource(home, GitCredentials.FromEnvironment());
                gitSnapshot = await git.FetchAsync(location, gitRef, cancellationToken);
                snapshot = gitSnapshot;
            }
            catch (GitSourceException ex)
            {
                await Console.Error.WriteLineAsync($"error: {ex.Message}");
                return CommandLine.Error;
            }
        }
        using (gitSnapshot)
        {
            if (fleetPath is { Length: > 0 } folder && folder.Trim('/', '.').Length > 0) snapshot = new SubdirectorySnapshot(snapshot, folder);
            var result = new FleetLoader().Load(snapshot, FleetLoadOptions.Default, cancellationToken);
            var diagnostics = result.Diagnostics.Select(d => snapshot is SubdirectorySnapshot sub ? d with { Path = sub.Full(d.Path) } : d).ToList();
            if (json)
            {
                await Console.Out.WriteLineAsync(ValidationJson(result.Succeeded, snapshot.Commit, result.Fleet, diagnostics));
                return result.Succeeded ? CommandLine.Ok : CommandLine.Error;
            }
            foreach (var d in diagnostics) await Console.Out.WriteLineAsync(d.ToString());
            var errors = result.Diagnostics.Count(d => d.Severity == DiagnosticSeverity.Error);
            if (!result.Succeeded)
            {
                await Console.Out.WriteLineAsync($"{errors} error(s) in {Short(snapshot.Commit)}: the fleet does not load and would not be reconciled.");
                return CommandLine.Error;
            }
            var fleet = result.Fleet!;
            await Console.Out.WriteLineAsync($"fleet {fleet.Name} at {Short(snapshot.Commit)} is valid: {fleet.Pools.Count} pool(s), {fleet.Pools.Sum(p => (long)p.Replicas.Min)}-{fleet.Pools.Sum(p => (long)p.Replicas.Max)} node(s)");
            return CommandLine.Ok;
        }
    }

    /// <summary>A commit id shortened as git does; anything else (a plain folder's "working directory") as it is.</summary>
    private static string Short(string commit) => commit.Length == 40 && commit.All(char.IsAsciiHexDigit) ? commit[..12] : commit;

    private static string ValidationJson(bool valid, string commit, FleetSpec? fleet, IReadOnlyList<Diagnostic> diagnostics)
    {
        var document = new System.Text.Json.Nodes.JsonObject
        {
            ["valid"] = valid,
            ["commit"] = commit,
            ["fleet"] = fleet?.Name,
            ["pools"] = fleet?.Pools.Count,
            ["errors"] = diagnostics.Count(d => d.Severity == DiagnosticSeverity.Error),
            ["warnings"] = diagnostics.Count(d => d.Severity != DiagnosticSeverity.Error),
            ["diagnostics"] = new System.Text.Json.Nodes.JsonArray(diagnostics.Select(d => (System.Text.Json.Nodes.JsonNode)new System.Text.Json.Nodes.JsonObject
            {
                ["file"] = d.Path,
                ["line"] = d.Line,
                ["column"] = d.Column,
                ["code"] = d.Code,
                ["severity"] = d.Severity == DiagnosticSeverity.Error ? "error" : "warning",
                ["message"] = d.Message,
            }).ToArray()),
        };
        return document.ToJsonString(new System.Text.Json.JsonSerializerOptions { WriteIndented = true });
    }
}
