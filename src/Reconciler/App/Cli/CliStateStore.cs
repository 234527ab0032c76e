using System.CommandLine;
using GitOpsFleet.Reconciler.Hosting;
using GitOpsFleet.Reconciler.Service;
using GitOpsFleet.Reconciler.State;

namespace GitOpsFleet.Reconciler.Cli;

/// <summary>
/// The service's state store, opened from the command line: by default the state home's SQLite file (where `approve`
/// and `runs` look), or what --state / --state-file name, else what `serve` itself would read (GITOPSFLEET__STATE,
/// appsettings.json), so `tokens` and `audit` reach a PostgreSQL-backed service's store too.
/// </summary>
internal sealed record CliStateStore(Option<string?> State, Option<string?> StateFile)
{
    public static CliStateStore AddTo(Command command)
    {
        var state = new Option<string?>("--state") { Description = "sqlite:PATH or postgres:CONNECTION_STRING (default: GITOPSFLEET__STATE, else state.db in the state home). Prefer --state-file for a password." };
        var stateFile = new Option<string?>("--state-file") { Description = "File holding the state connection string, as serve's --state-file." };
        command.Options.Add(state);
        command.Options.Add(stateFile);
        return new CliStateStore(state, stateFile);
    }

    public async Task<IStateStore> OpenAsync(ParseResult parse, RootCommand root, CancellationToken cancellationToken)
    {
        var text = parse.GetValue(State) ?? ReadFile(parse.GetValue(StateFile));
        if (text is null)
        {
            var options = ServeCommand.LoadOptions();
            text = options.State ?? ReadFile(options.StateFile);
        }
        var home = StateHome.Resolve(parse.GetValue(RunsCommands.HomeOf(root)));
        if (!StateLocation.TryRead(text, home.DatabasePath, out var location, out var problem)) throw new AppConfigurationException(problem!);
        return location.Kind == StateKind.Postgres
            ? await PostgresStateStore.OpenAsync(location.Target, cancellationToken)
            : await SqliteStateStore.OpenAsync(location.Target, cancellationToken);
    }

    private static string? ReadFile(string? path)
    {
        if (string.IsNullOrEmpty(path)) return null;
        if (!File.Exists(path)) throw new AppConfigurationException($"--state-file: no file at {path}");
        return File.ReadAllText(path).Trim();
    }
}
