using System.Diagnostics;
using GitOpsFleet.Fuzz.Targets;

namespace GitOpsFleet.Fuzz;

/// <summary>
/// A fuzzer without coverage feedback, for machines without afl-fuzz: mutates corpus files (flips, interesting
/// bytes, inserts, deletes, repeats, splices) and runs each through the target. A crash, a hang (one input over
/// <see cref="InputTimeout"/>) or memory past <see cref="MemoryLimitBytes"/> writes the input to OUT and ends the run
/// with exit code 1. The input in flight is also kept in OUT/current, so a stack overflow (which no handler sees)
/// leaves it behind.
/// </summary>
internal sealed class RandomRunner(FuzzTarget target, string corpus, string output)
{
    private static readonly TimeSpan InputTimeout = TimeSpan.FromSeconds(10);
    private const long MemoryLimitBytes = 2L << 30;
    private const int MaxInputBytes = 64 * 1024;

    private static readonly byte[][] Interesting =
    [
        [0], [0xff], [0x7f], [0x80], "\n"u8.ToArray(), "\""u8.ToArray(), "{"u8.ToArray(), "}"u8.ToArray(), "["u8.ToArray(),
        "]"u8.ToArray(), ":"u8.ToArray(), ","u8.ToArray(), "\\"u8.ToArray(), "\\u"u8.ToArray(), " "u8.ToArray(), "\t"u8.ToArray(),
        "-"u8.ToArray(), "1e999"u8.ToArray(), "0."u8.ToArray(), "&"u8.ToArray(), "*"u8.ToArray(), "!!"u8.ToArray(), "- "u8.ToArray(),
        "<<: "u8.ToArray(), "|"u8.ToArray(), ">"u8.ToArray(), "#"u8.ToArray(), "`"u8.ToArray(), "("u8.ToArray(), ")"u8.ToArray(),
        "\xf0\x9f\x98"u8.ToArray(), [0xc3], [0xed, 0xa0, 0x80], "9223372036854775808"u8.ToArray(), "some "u8.ToArray(), "every "u8.ToArray(),
        " if "u8.ToArray(), " := "u8.ToArray(), " contains "u8.ToArray(), "import "u8.ToArray(), "with "u8.ToArray(), "not "u8.ToArray(),
    ];

    public int Run(TimeSpan duration, TextWriter log)
    {
        var seeds = CorpusReplay.Files(corpus).Select(File.ReadAllBytes).ToList();
        if (seeds.Count == 0)
        {
            seeds.Add([]);
        }

        Directory.CreateDirectory(output);
        var current = Path.Combine(output, "current");
        var random = new Random();
        var watch = Stopwatch.StartNew();
        long execs = 0;
        var startedAt = 0L;
        byte[] input = [];

        // The watchdog sees hangs and memory growth that the loop itself cannot.
        using var watchdog = new Timer(_ =>
        {
            var started = Interlocked.Read(ref startedAt);
            var hung = started > 0 && Stopwatch.GetElapsedTime(started) > InputTimeout;
            var memory = GC.GetTotalMemory(false);
            if (hung || memory > MemoryLimitBytes)
            {
                var file = Save(Volatile.Read(ref input), hung ? "hang" : "oom");
                log.WriteLine($"{target.Name}: {(hung ? "hang" : $"memory {memory >> 20} MiB")} after {execs} execs; input in {file}");
                log.Flush();
                Environment.Exit(1);
            }
        }, null, TimeSpan.FromSeconds(1), TimeSpan.FromSeconds(1));

        var lastReport = 0L;
        while (watch.Elapsed < duration)
        {
            var next = Mutate(random, seeds);
            Volatile.Write(ref input, next);
            File.WriteAllBytes(current, next);
            Interlocked.Exchange(ref startedAt, Stopwatch.GetTimestamp());
            try
            {
                target.Run(next);
            }
            catch (Exception e)
            {
                var file = Save(next, "crash");
                log.WriteLine($"{target.Name}: crash after {execs} execs; input in {file}\n{e}");
                return 1;
            }
            Interlocked.Exchange(ref startedAt, 0);
            execs++;
            if (watch.Elapsed.TotalSeconds - lastReport >= 30)
            {
                lastReport = (long)watch.Elapsed.TotalSeconds;
                log.WriteLine($"{target.Name}: {execs} execs in {watch.Elapsed.TotalSeconds:F0} s");
            }
        }

        File.Delete(current);
        log.WriteLine($"{target.Name}: {execs} execs in {watch.Elapsed.TotalSeconds:F0} s ({execs / Math.Max(1, watch.Elapsed.TotalSeconds):F0}/s), no crash, {seeds.Count} seeds");
        return 0;
    }

    private string Save(byte[] input, string kind)
    {
        var file = Path.Combine(output, $"{kind}-{Convert.ToHexStringLower(System.Security.Cryptography.SHA1.HashData(input))}");
        File.WriteAllBytes(file, input);
        return file;
    }

    private static byte[] Mutate(Random random, List<byte[]> seeds)
    {
        var data = new List<byte>(seeds[random.Next(seeds.Count)]);
        var rounds = 1 + random.Next(8);
        for (var i = 0; i < rounds; i++)
        {
            var at = data.Count == 0 ? 0 : random.Next(data.Count);
            switch (random.Next(7))
            {
                case 0 when data.Count > 0:
                    data[at] ^= (byte)(1 << random.Next(8));
                    break;
                case 1 when data.Count > 0:
                    data[at] = (byte)random.Next(256);
                    break;
                case 2:
                    data.InsertRange(at, Interesting[random.Next(Interesting.Length)]);
                    break;
                case 3 when data.Count > 0:
                    data.RemoveRange(at, Math.Min(data.Count - at, 1 + random.Next(16)));
                    break;
                case 4 when data.Count > 0:
                    var length = Math.Min(data.Count - at, 1 + random.Next(64));
                    var chunk = data.GetRange(at, length);
                    var times = 1 + random.Next(random.Next(2) == 0 ? 4 : 256);
                    for (var t = 0; t < times && data.Count < MaxInputBytes; t++)
                    {
                        data.InsertRange(at, chunk);
                    }
                    break;
                case 5:
                    var other = seeds[random.Next(seeds.Count)];
                    if (other.Length > 0)
                    {
                        var from = random.Next(other.Length);
                        data.InsertRange(at, other.AsSpan(from, Math.Min(other.Length - from, 1 + random.Next(128))).ToArray());
                    }
                    break;
                default:
                    if (data.Count > 0)
                    {
                        data[at] = (byte)" \n\"{}[]:,-#0a"[random.Next(13)];
                    }
                    break;
            }
        }
        return data.Count > MaxInputBytes ? data.GetRange(0, MaxInputBytes).ToArray() : [.. data];
    }
}
