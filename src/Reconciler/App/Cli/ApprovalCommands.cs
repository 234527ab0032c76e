using System.CommandLine;
using GitOpsFleet.Reconciler.Pipeline.Approvals;
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
        command.Arguments.Add(run);
        command.Options.Add(reason);
        command.Options.Add(by);
        command.SetAction(async (parse, ct) =>
        {
            await using var store = await SqliteStateStore.OpenAsync(StateHome.Resolve(parse.GetValue(RunsCommands.HomeOf(root))).DatabasePath, ct);
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
