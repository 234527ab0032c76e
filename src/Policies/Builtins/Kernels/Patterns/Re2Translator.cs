using System.Text;
using System.Text.RegularExpressions;

namespace GitOpsFleet.Policies.Builtins.Kernels.Patterns;

/// <summary>
/// Compiles Go RE2 syntax onto .NET's engine: named groups <c>(?P&lt;n&gt;)</c>, <c>\z</c>/<c>$</c> meaning end of text,
/// ASCII-only <c>\d \w \s</c>, POSIX classes, <c>\pL</c>, <c>\Q..\E</c>; rejects what RE2 rejects (backreferences, lookaround).
/// </summary>
internal static class Re2Translator
{
    private static readonly Dictionary<string, string> Posix = new(StringComparer.Ordinal)
    {
        ["alnum"] = "0-9A-Za-z", ["alpha"] = "A-Za-z", ["ascii"] = "\\x00-\\x7F", ["blank"] = "\\t ", ["cntrl"] = "\\x00-\\x1F\\x7F",
        ["digit"] = "0-9", ["graph"] = "!-~", ["lower"] = "a-z", ["print"] = " -~", ["punct"] = "!-/:-@\\[-`{-~",
        ["space"] = "\\t\\n\\v\\f\\r ", ["upper"] = "A-Z", ["word"] = "0-9A-Za-z_", ["xdigit"] = "0-9A-Fa-f",
    };

    private static readonly Dictionary<string, Regex> Cache = new(StringComparer.Ordinal);
    private static readonly Lock CacheLock = new();
    private static readonly System.Runtime.CompilerServices.ConditionalWeakTable<Regex, Dictionary<string, int>> Names = new();

    /// <summary>Go numbers named groups left to right with the unnamed ones, so names become plain groups and are looked up here.</summary>
    public static int GroupNumber(Regex re, string name) =>
        Names.TryGetValue(re, out var map) && map.TryGetValue(name, out var n) ? n : -1;

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
        var regex = new Regex(Translate(pattern, names), RegexOptions.CultureInvariant, TimeSpan.FromSeconds(5));
        Names.AddOrUpdate(regex, names);
        lock (CacheLock)
        {
            if (Cache.Count > 1000)
            {
                Cache.Clear();
            }

            Cache[pattern] = regex;
        }

        return regex;
    }

    public static bool IsValid(string pattern)
    {
        try
        {
            Compile(pattern);
            return true;
        }
        catch (ArgumentException)
        {
            return false;
        }
    }

    public static string Translate(string p, Dictionary<string, int>? names = null)
    {
        var sb = new StringBuilder();
        var groups = 0;
        var multiline = false;
        var i = 0;
        while (i < p.Length)
        {
            var c = p[i];
            if (c == '\\')
            {
                if (i + 1 >= p.Length)
                {
                    throw new ArgumentException("error parsing regexp: trailing backslash at end of expression");
                }

                var e = p[i + 1];
                switch (e)
                {
                    case 'd': sb.Append("[0-9]"); break;
                    case 'D': sb.Append("[^0-9]"); break;
                    case 'w': sb.Append("[0-9A-Za-z_]"); break;
                    case 'W': sb.Append("[^0-9A-Za-z_]"); break;
                    case 's': sb.Append("[\\t\\n\\f\\r ]"); break;
                    case 'S': sb.Append("[^\\t\\n\\f\\r ]"); break;
                    case 'z': sb.Append("\\z"); break;
                    case 'Z': throw new ArgumentException("error parsing regexp: invalid escape sequence: `\\Z`");
                    case 'Q':
                        var end = p.IndexOf("\\E", i + 2, StringComparison.Ordinal);
                        var lit = end < 0 ? p[(i + 2)..] : p[(i + 2)..end];
                        sb.Append(Regex.Escape(lit));
                        i = end < 0 ? p.Length : end + 2;
                        continue;
                    case 'p' or 'P' when i + 2 < p.Length && p[i + 2] != '{':
                        sb.Append('\\').Append(e).Append('{').Append(p[i + 2]).Append('}');
                        i += 3;
                        continue;
                    default:
                        if (char.IsAsciiDigit(e) && e != '0')
                        {
                            throw new ArgumentException($"error parsing regexp: invalid escape sequence: `\\{e}`");
                        }

                        sb.Append('\\').Append(e);
                        break;
                }

                i += 2;
                continue;
            }

            if (c == '[')
            {
                i = TranslateClass(p, i, sb);
                continue;
            }

            if (c == '(' && i + 1 < p.Length && p[i + 1] == '?')
            {
                var rest = p.AsSpan(i + 2);
                if (rest.StartsWith("P<") || (rest.StartsWith("<") && !rest.StartsWith("<=") && !rest.StartsWith("<!")))
                {
                    var nameStart = i + (rest[0] == 'P' ? 4 : 3);
                    var nameEnd = p.IndexOf('>', nameStart);
                    if (nameEnd < 0)
                    {
                        throw new ArgumentException("error parsing regexp: invalid named capture: `" + p[i..] + "`");
                    }

                    groups++;
                    names?.TryAdd(p[nameStart..nameEnd], groups);
                    sb.Append('(');
                    i = nameEnd + 1;
                    continue;
                }

                if (rest.StartsWith("=") || rest.StartsWith("!") || rest.StartsWith("<=") || rest.StartsWith("<!"))
                {
                    throw new ArgumentException("error parsing regexp: invalid or unsupported Perl syntax: `(?" + rest[0] + "`");
                }

                var flagsEnd = i + 2;
                while (flagsEnd < p.Length && (char.IsAsciiLetter(p[flagsEnd]) || p[flagsEnd] == '-'))
                {
                    flagsEnd++;
                }

                var flags = p[(i + 2)..flagsEnd];
                if (flags.Contains('m', StringComparison.Ordinal) && !flags.StartsWith('-'))
                {
                    multiline = true;
                }

                if (flags.Contains('U', StringComparison.Ordinal))
                {
                    throw new ArgumentException("error parsing regexp: ungreedy flag is not supported");
                }
            }

            if (c == '(' && (i + 1 >= p.Length || p[i + 1] != '?'))
            {
                groups++;
            }

            if (c == '$' && !multiline)
            {
                // RE2's $ is end of text only (not before a final newline) unless (?m) is on.
                sb.Append("\\z");
                i++;
                continue;
            }

            sb.Append(c);
            i++;
        }

        return sb.ToString();
    }

    private static int TranslateClass(string p, int i, StringBuilder sb)
    {
        sb.Append('[');
        i++;
        if (i < p.Length && p[i] == '^')
        {
            sb.Append('^');
            i++;
        }

        var first = true;
        while (i < p.Length && (p[i] != ']' || first))
        {
            first = false;
            if (p[i] == '[' && i + 1 < p.Length && p[i + 1] == ':')
            {
                var close = p.IndexOf(":]", i + 2, StringComparison.Ordinal);
                if (close > 0)
                {
                    var name = p[(i + 2)..close];
                    var neg = name.StartsWith('^');
                    if (Posix.TryGetValue(neg ? name[1..] : name, out var set))
                    {
                        if (neg)
                        {
                            throw new ArgumentException("error parsing regexp: negated POSIX class is not supported");
                        }

                        sb.Append(set);
                        i = close + 2;
                        continue;
                    }

                    throw new ArgumentException($"error parsing regexp: invalid character class range: `[:{name}:]`");
                }
            }

            if (p[i] == '[')
            {
                sb.Append("\\[");
                i++;
                continue;
            }

            if (p[i] == '\\' && i + 1 < p.Length)
            {
                var e = p[i + 1];
                sb.Append(e switch
                {
                    'd' => "0-9",
                    'w' => "0-9A-Za-z_",
                    's' => "\\t\\n\\f\\r ",
                    _ => "\\" + e,
                });
                i += 2;
                continue;
            }

            sb.Append(p[i]);
            i++;
        }

        if (i >= p.Length)
        {
            throw new ArgumentException("error parsing regexp: missing closing ]: `" + p + "`");
        }

        sb.Append(']');
        return i + 1;
    }
}
