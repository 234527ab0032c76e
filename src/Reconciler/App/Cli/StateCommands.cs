using System.CommandLine;
using GitOpsFleet.Reconciler.State;

namespace GitOpsFleet.Reconciler.Cli;

/// <summary>state backup, state restore: copies of the SQLite state database (runs, last-applied specs, pull requests).</summary>
internal static class StateCommands
{
    public static void AddTo(RootCommand root)
    {
        var state = new Command("state", "Back up and restore the SQLite state database.");

        var backup = new Command("backup", "Copy the state database to FILE with SQLite's online backup (safe while a service runs).");
        var backupFile = new Argument<string>("FILE") { Description = "Where to write the copy; must not exist." };
        backup.Arguments.Add(backupFile);
        backup.SetAction(async (parse, ct) =>
        {
            var file = Path.GetFullPath(parse.GetValue(backupFile)!);
            if (File.Exists(file))
            {
                await Console.Error.WriteLineAsync($"error: {file} exists; choose a new file so no backup is overwritten");
                return CommandLine.Error;
            }
            await using var store = await SqliteStateStore.OpenAsync(StateHome.Resolve(parse.GetValue(RunsCommands.HomeOf(root))).DatabasePath, ct);
            await store.BackupAsync(file, ct);
            Console.WriteLine($"backed up the state database to {file}");
            return CommandLine.Ok;
        });

        var restore = new Command("restore", "Replace the state database with the backup FILE; the file it replaces is kept beside it. Stop the service first.");
        var restoreFile = new Argument<string>("FILE") { Description = "A backup written by 'gitopsfleet state backup'." };
        restore.Arguments.Add(restoreFile);
        restore.SetAction(async (parse, ct) =>
        {
            var file = Path.GetFullPath(parse.GetValue(restoreFile)!);
            if (!File.Exists(file))
            {
                await Console.Error.WriteLineAsync($"error: no backup at {file}");
                return CommandLine.Error;
            }
            var target = StateHome.Resolve(parse.GetValue(RunsCommands.HomeOf(root))).DatabasePath;
            try
            {
                var aside = await SqliteStateStore.RestoreAsync(file, target, DateTimeOffset.UtcNow, ct);
                Console.WriteLine($"restored {target} from {file}" + (aside is null ? "" : $"; the replaced file is kept as {aside}"));
                return CommandLine.Ok;
            }
            catch (InvalidOperationException ex)
            {
                await Console.Error.WriteLineAsync($"error: {ex.Message}");
                return CommandLine.Error;
            }
        });

        state.Subcommands.Add(backup);
        state.Subcommands.Add(restore);
        root.Subcommands.Add(state);
    }
}
