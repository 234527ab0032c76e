using GitOpsFleet.Fuzz.Targets;

namespace GitOpsFleet.Fuzz;

/// <summary>Runs files through a target: a regression check of the corpus, and how a crash input is reproduced.</summary>
internal static class CorpusReplay
{
    public static IEnumerable<string> Files(string path) =>
        Directory.Exists(path)
            ? Directory.EnumerateFiles(path, "*", SearchOption.AllDirectories).Where(f => !Path.GetFileName(f).StartsWith('.')).Order(StringComparer.Ordinal)
            : [path];

    public static int Run(FuzzTarget target, IEnumerable<string> paths, TextWriter log)
    {
        var count = 0;
        foreach (var file in paths.SelectMany(Files))
        {
            // No catch: a crash shows its stack trace and the exit code is the runtime's, as under the fuzzer.
            log.WriteLine(file);
            target.Run(File.ReadAllBytes(file));
            count++;
        }
        log.WriteLine($"{target.Name}: {count} inputs replayed");
        return 0;
    }
}
