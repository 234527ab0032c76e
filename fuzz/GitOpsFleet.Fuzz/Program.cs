using GitOpsFleet.Fuzz;
using GitOpsFleet.Fuzz.Targets;
using SharpFuzz;

// Usage (docs/fuzzing.md):
//   GitOpsFleet.Fuzz TARGET                       under afl-fuzz (SharpFuzz's persistent AFL mode)
//   GitOpsFleet.Fuzz TARGET --libfuzzer           under libfuzzer-dotnet
//   GitOpsFleet.Fuzz TARGET --replay PATH...      every file, or every file of a folder; exit 1 on the first crash
//   GitOpsFleet.Fuzz TARGET --random SECONDS CORPUS [OUT]   mutates the corpus without coverage feedback
if (args.Length == 0 || FuzzTarget.Find(args[0]) is not { } target)
{
    Console.Error.WriteLine("usage: GitOpsFleet.Fuzz TARGET [--libfuzzer | --replay PATH... | --random SECONDS CORPUS [OUT]]");
    foreach (var t in FuzzTarget.All)
    {
        Console.Error.WriteLine($"  {t.Name,-8} {t.Description}");
    }
    return 2;
}

switch (args.Length > 1 ? args[1] : "")
{
    case "":
        Fuzzer.Run(stream =>
        {
            using var buffer = new MemoryStream();
            stream.CopyTo(buffer);
            target.Run(buffer.GetBuffer().AsSpan(0, (int)buffer.Length));
        });
        return 0;
    case "--libfuzzer":
        Fuzzer.LibFuzzer.Run(bytes => target.Run(bytes));
        return 0;
    case "--replay":
        return CorpusReplay.Run(target, args[2..], Console.Out);
    case "--random" when args.Length >= 4 && int.TryParse(args[2], out var seconds):
        return new RandomRunner(target, args[3], args.Length > 4 ? args[4] : Path.Combine("fuzz", "out", target.Name)).Run(TimeSpan.FromSeconds(seconds), Console.Out);
    default:
        Console.Error.WriteLine($"unknown mode {args[1]}");
        return 2;
}
