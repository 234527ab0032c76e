using System.CommandLine;
using System.Text.Json;
using GitOpsFleet.Reconciler.Policy.Evidence;
using GitOpsFleet.Reconciler.Service;
using GitOpsFleet.Reconciler.State;

namespace GitOpsFleet.Reconciler.Cli;

internal static partial class PolicyCommands
{
    /// <summary>policy report: the decision log of a period as compliance evidence (docs/security.md).</summary>
    public static Command ReportCommand(RootCommand root)
    {
        var command = new Command("report", "Compliance evidence for a period: per policy rule, the plans it allowed, warned on and denied (run ids and commits), and every approval and who gave it. Read from the state store.");
        var since = new Option<string>("--since") { Description = "Start of the period, inclusive: a date (2026-07-01, midnight UTC) or a time with offset.", Required = true };
        var until = new Option<string?>("--until") { Description = "End of the period, exclusive (default: now): --since 2026-07-01 --until 2026-10-01 is the third quarter." };
        var fleet = new Option<string?>("--fleet") { Description = "Only this fleet's runs and approvals." };
        var format = new Option<string>("--format") { Description = "json (default) or csv.", DefaultValueFactory = _ => "json" };
        format.AcceptOnlyFromAmong("json", "csv");
        var stateFile = new Option<string?>("--state-file")
        {
            Description = "File holding the service's state (sqlite:PATH or postgres:CONNECTION_STRING), as serve takes it; default: GITOPSFLEET__STATE, else the state home's SQLite file.",
        };
        command.Options.Add(since);
        command.Options.Add(until);
        command.Options.Add(fleet);
        command.Options.Add(format);
        command.Options.Add(stateFile);
        command.SetAction(async (parse, ct) =>
        {
            if (!EvidencePeriod.TryReadInstant(parse.GetValue(since)!, out var from)) return await Fail($"--since: '{parse.GetValue(since)}' is not a date (2026-07-01) or a time (2026-07-01T12:00:00Z)");
            var to = DateTimeOffset.UtcNow;
            if (parse.GetValue(until) is { } u && !EvidencePeriod.TryReadInstant(u, out to)) return await Fail($"--until: '{u}' is not a date (2026-10-01) or a time (2026-10-01T00:00:00Z)");
            if (to <= from) return await Fail($"--until ({to:O}) must be after --since ({from:O})");
            var home = StateHome.Resolve(parse.GetValue(RunsCommands.HomeOf(root)));
            if (!ApprovalCommands.TryLocate(parse.GetValue(stateFile), home.DatabasePath, out var location, out var problem)) return await Fail(problem!);
            if (location.Kind == StateKind.Sqlite && !File.Exists(location.Target)) return await Fail($"no state store at {location.Target}: nothing has run with this state home");
            await using IStateStore store = location.Kind == StateKind.Postgres
                ? await PostgresStateStore.OpenAsync(location.Target, ct)
                : await SqliteStateStore.OpenAsync(location.Target, ct);
            var evidence = await PolicyEvidenceBuilder.BuildAsync(store, from, to, parse.GetValue(fleet), ct);
            await Console.Out.WriteAsync(parse.GetValue(format) == "csv"
                ? PolicyEvidenceCsv.Write(evidence)
                : JsonSerializer.Serialize(evidence, PolicyEvidenceJson.Default.PolicyEvidence) + Environment.NewLine);
            return CommandLine.Ok;
        });
        return command;
    }
}
