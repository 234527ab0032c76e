using System.CommandLine;
using GitOpsFleet.Reconciler.Pipeline.Approvals;
using GitOpsFleet.Reconciler.Service;
using GitOpsFleet.Reconciler.Service.Access;
using GitOpsFleet.Reconciler.State;

namespace GitOpsFleet.Reconciler.Cli;

/// <summary>approve, reject: a person's decision on a run waiting for approval (see docs/approvals.md).</summary>
internal static class ApprovalCommands
{
    public static void AddTo(RootCommand root)
    {
        root.Subcommands.Add(Decision(root, "approve", ApprovalDecision.Approve,
            "Approve the plan of a run waiting for approval: the fleet's next run applies it if it plans exactly the same thing."));
        root.Subcommands.Add(Decision(root, "reject", ApprovalDecision.Reject,
            "Reject the plan of a run waiting for approval: it is not applied, and runs planning it say who rejected it."));
    }

    private static Command Decision(RootCommand root, string name, ApprovalDecision decision, string description)
    {
        var command = new Command(name, description);
        var run = new Argument<long>("run") { Description = "The run id (from 'runs list')." };
        var reason = new Option<string?>("--reason") { Description = "Why, for the record." };
        var by = new Option<string?>("--by") { Description = "Who decides (default: the OS user)." };
        // Only a file (or the service's own GITOPSFLEET__STATE): a PostgreSQL connection string holds a password,
        // which any local user could read on a command line.
        var stateFile = new Option<string?>("--state-file")
        {
            Description = "File holding the service's state (sqlite:PATH or postgres:CONNECTION_STRING), as serve takes it; default: GITOPSFLEET__STATE, else the state home's SQLite file.",
        };
        command.Arguments.Add(run);
        command.Options.Add(reason);
        command.Options.Add(by);
        command.Options.Add(stateFile);
        command.SetAction(async (parse, ct) =>
        {
            var home = StateHome.Resolve(parse.GetValue(RunsCommands.HomeOf(root)));
            if (!TryLocate(parse.GetValue(stateFile), home.DatabasePath, out var location, out var problem))
            {
                await Console.Error.WriteLineAsync($"error: {problem}");
                return CommandLine.Error;
            }
            await using IStateStore store = location.Kind == StateKind.Postgres
                ? await PostgresStateStore.OpenAsync(location.Target, ct)
                : await SqliteStateStore.OpenAsync(location.Target, ct);
            var approver = parse.GetValue(by) is { Length: > 0 } b ? b : Environment.UserName;
            var id = parse.GetValue(run);
            var code = await DecideAsync(store, id, decision, approver, parse.GetValue(reason), TimeProvider.System, Console.Out, Console.Error, ct);
            if (code == CommandLine.Ok)
            {
                // The OS user is who acted; --by may name someone else, so the entry keeps both.
                await TokenCommands.Audit(store).RecordAsync(Environment.UserName,
                    decision == ApprovalDecision.Approve ? AuditActions.PlanApprove : AuditActions.PlanReject,
                    $"run {id.ToString(System.Globalization.CultureInfo.InvariantCulture)}", AuditTrail.Cli,
                    $"by {approver}" + (parse.GetValue(reason) is { Length: > 0 } r ? $", reason: {r}" : ""), ct);
            }
            return code;
        });
        return command;
    }

    /// <summary>The store the service uses: the same `sqlite:` or `postgres:` text, from the file or the service's environment variable.</summary>
    internal static bool TryLocate(string? stateFile, string defaultSqlitePath, out StateLocation location, out string? problem)
    {
        var text = Environment.GetEnvironmentVariable("GITOPSFLEET__STATE");
        if (stateFile is { Length: > 0 })
        {
            if (!File.Exists(stateFile))
            {
                (location, problem) = (new StateLocation(StateKind.Sqlite, defaultSqlitePath), $"--state-file: {stateFile} does not exist");
                return false;
            }
            text = File.ReadAllText(stateFile).Trim();
        }
        if (StateLocation.TryRead(text, defaultSqlitePath, out location, out problem)) return true;
        problem = $"{(stateFile is { Length: > 0 } ? "--state-file" : "GITOPSFLEET__STATE")}: {problem}";
        return false;
    }

    /// <summary>What `approve` and `reject` do once the store is open; the demo approves through it too.</summary>
    public static async Task<int> DecideAsync(IStateStore store, long run, ApprovalDecision decision, string approver, string? reason, TimeProvider time,
        TextWriter output, TextWriter error, CancellationToken cancellationToken)
    {
        var answer = await ApprovalDesk.DecideAsync(store, run, decision, approver, reason, time.GetUtcNow(), cancellationToken);
        if (!answer.Accepted)
        {
            await error.WriteLineAsync($"error: {answer.Message}");
            return CommandLine.Error;
        }
        await output.WriteLineAsync(answer.Message);
        return CommandLine.Ok;
    }
}
