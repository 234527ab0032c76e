using System.Runtime.CompilerServices;
using System.Text.RegularExpressions;

namespace GitOpsFleet.Policies.Builtins.Kernels.Patterns;

/// <summary>
/// Compiled RE2 patterns, bounded. Translated patterns run on <see cref="RegexOptions.NonBacktracking"/>, which is linear in
/// the input; only if .NET cannot build that automaton does a pattern fall back to the backtracking engine under a timeout.
/// </summary>
internal static class Re2Cache
{
    /// <summary>Applies to the backtracking fallback only; callers turn <see cref="RegexMatchTimeoutException"/> into a builtin error.</summary>
    public static readonly TimeSpan FallbackTimeout = TimeSpan.FromSeconds(1);

    private const int Capacity = 512;

    private static readonly Dictionary<string, Regex> Cache = new(StringComparer.Ordinal);
    private static readonly Queue<string> Order = new();
    private static readonly Lock CacheLock = new();
    private static readonly ConditionalWeakTable<Regex, Dictionary<string, int>> Names = new();

    public static int GroupNumber(Regex re, string name) =>
        Names.TryGetValue(re, out var map) && map.TryGetValue(name, out var n) ? n : -1;

    /// <exception cref="ArgumentException">The pattern is not valid RE2; the message reads like Go's.</exception>
    public static Regex Compile(string pattern)
    {
        lock (CacheLock)
        {
            if (Cache.TryGetValue(pattern, out var cached))
            {
                return cached;
            }
        }

        var names = new Dictionary<string, int>(StringComparer.Ordinal);
        var translated = Re2Translator.Translate(pattern, names);
        Regex regex;
        try
        {
            regex = new Regex(translated, RegexOptions.CultureInvariant | RegexOptions.NonBacktracking);
        }
        catch (NotSupportedException)
        {
            regex = new Regex(translated, RegexOptions.CultureInvariant, FallbackTimeout);
        }

        Names.AddOrUpdate(regex, names);
        lock (CacheLock)
        {
            // First in, first out: cheap, and a policy's handful of patterns stays warm.
            if (Cache.TryAdd(pattern, regex))
            {
                Order.Enqueue(pattern);
                while (Cache.Count > Capacity)
                {
                    Cache.Remove(Order.Dequeue());
                }
            }
        }

        return regex;
    }
}
