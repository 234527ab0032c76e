using GitOpsFleet.Providers;
using GitOpsFleet.Reconciler.Pipeline;
using GitOpsFleet.Reconciler.State;

namespace GitOpsFleet.Reconciler.Cli;

internal static partial class DemoCommand
{
    private const string ValidatorPool = "eth-validator";

    /// <summary>
    /// Story: the validator dies. Its pool says replacement: manual, so the reconcile plans the replacement and waits;
    /// a person approves that exact plan (through what `gitopsfleet approve` runs), and the next reconcile applies it.
    /// </summary>
    private static async Task<bool> ApprovedReplacementAsync(DemoRun demo, TimeProvider time, CancellationToken cancellationToken)
    {
        var victim = (await demo.ObserveLocalAsync(cancellationToken))
            .FirstOrDefault(n => n.Pool == ValidatorPool && n.State == NodeState.Running && int.TryParse(n.ProviderId, out _));
        if (victim is null) return true;
        demo.Step($"Story 4, a validator dies: {ValidatorPool} says replacement: manual, so its replacement waits for a person");
        Kill(int.Parse(victim.ProviderId!, System.Globalization.CultureInfo.InvariantCulture));
        demo.Line("kill", $"{victim.Name} killed");
        var waiting = await demo.RunAsync(RunMode.Reconcile, cancellationToken);
        if (waiting.Result != RunResults.Waiting || waiting.Report?.Approval is not { } approval) return false;
        // The full fingerprint follows in the approval's own message; here, what the plan holds.
        var actions = string.Join(", ", (waiting.Plan?.Actions ?? []).Select(a => $"{a.Kind.ToString().ToLowerInvariant()} {a.Node}"));
        demo.Line("waits", $"the plan ({actions}) waits; an approval is given to its fingerprint, commit:plan hash");
        const string by = "demo", reason = "the old validator is gone and not signing elsewhere";
        demo.Line("approve", $"gitopsfleet approve {waiting.RunId} --by {by} --reason \"{reason}\"");
        // The same code as the approve command, on the demo's state store, so the demo shows what a person would see.
        using var said = new StringWriter();
        if (await ApprovalCommands.DecideAsync(demo.App.Store, waiting.RunId, ApprovalDecision.Approve, by, reason, time, said, said, cancellationToken) != CommandLine.Ok)
        {
            demo.Line("", said.ToString().Trim());
            return false;
        }
        demo.Line("", said.ToString().Trim());
        var applied = await demo.RunAsync(RunMode.Reconcile, cancellationToken);
        demo.Line("applied", string.Join(", ", applied.Results.Select(r => $"{r.Action.Kind.ToString().ToLowerInvariant()} {r.Action.Node}: {r.Outcome.ToString().ToLowerInvariant()}"))
            + $"; approval {applied.Report?.Approval?.Status ?? "none"}");
        return applied.Result is RunResults.Succeeded && applied.Report?.Approval?.Status == "approved";
    }
}
