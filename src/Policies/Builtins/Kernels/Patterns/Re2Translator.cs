using System.Text;
using System.Text.RegularExpressions;

namespace GitOpsFleet.Policies.Builtins.Kernels.Patterns;

/// <summary>
/// Parses Go RE2 syntax and writes an equivalent .NET pattern, refusing what RE2 refuses (backreferences, lookaround,
/// atomic groups, possessive or stacked quantifiers, unknown escapes). RE2 syntax never needs backtracking, so the
/// output is meant for <see cref="RegexOptions.NonBacktracking"/>; see <see cref="Re2Cache"/>.
/// </summary>
internal static partial class Re2Translator
{
    private const int MaxRepeat = 1000;

    /// <summary>Go numbers named groups left to right with the unnamed ones, so names become plain groups and are looked up here.</summary>
    public static int GroupNumber(Regex re, string name) => Re2Cache.GroupNumber(re, name);

    public static Regex Compile(string pattern) => Re2Cache.Compile(pattern);

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
        var flags = new Stack<(bool Multiline, bool Ungreedy)>();
        var multiline = false;
        var ungreedy = false;
        var groups = 0;
        var canRepeat = false;
        var lastWasRepeat = false;
        var i = 0;
        while (i < p.Length)
        {
            var c = p[i];
            var atom = true;
            switch (c)
            {
                case '(':
                    flags.Push((multiline, ungreedy));
                    if (i + 1 < p.Length && p[i + 1] == '?')
                    {
                        i = Group(p, i, sb, ref groups, names, ref multiline, ref ungreedy, out var setsFlagsOnly);
                        if (setsFlagsOnly)
                        {
                            // "(?i)" changes flags until the enclosing group closes, so it does not open one.
                            flags.Pop();
                        }
                    }
                    else
                    {
                        groups++;
                        sb.Append('(');
                        i++;
                    }

                    atom = false;
                    break;
                case ')':
                    if (flags.Count == 0)
                    {
                        throw Error("unexpected )", p);
                    }

                    (multiline, ungreedy) = flags.Pop();
                    sb.Append(')');
                    i++;
                    break;
                case '|':
                    sb.Append('|');
                    i++;
                    atom = false;
                    break;
                case '*' or '+' or '?':
                    CheckRepeat(p, i, i + 1, canRepeat, lastWasRepeat);
                    sb.Append(c);
                    i = Greed(p, i + 1, ungreedy, sb);
                    lastWasRepeat = true;
                    continue;
                case '{':
                    if (TryRepeat(p, i, out var end, out var min, out var max))
                    {
                        CheckRepeat(p, i, end, canRepeat, lastWasRepeat);
                        if (min > MaxRepeat || max > MaxRepeat || (max >= 0 && max < min))
                        {
                            throw Error("invalid repeat count", p[i..end]);
                        }

                        sb.Append(p, i, end - i);
                        i = Greed(p, end, ungreedy, sb);
                        lastWasRepeat = true;
                        continue;
                    }

                    sb.Append("\\{");
                    i++;
                    break;
                case '$':
                    // RE2's $ is the end of text (not before a final newline) unless (?m) is on.
                    sb.Append(multiline ? "$" : "\\z");
                    i++;
                    break;
                case '^':
                    // (?m) is passed on to .NET, whose multiline ^ is RE2's.
                    sb.Append('^');
                    i++;
                    break;
                case '.':
                    // A rune, not a UTF-16 unit, as Go matches runes; (?s) is passed on, so [^\n] vs . is .NET's choice.
                    sb.Append("(?:[\\uD800-\\uDBFF][\\uDC00-\\uDFFF]|.)");
                    i++;
                    break;
                case '[':
                    i = Class(p, i, sb);
                    break;
                case '\\':
                    i = Escape(p, i, sb);
                    break;
                case '#' or ' ' or '\t' or '\n' or '\r' or '\f' or '\v':
                    sb.Append('\\').Append(c switch { '\t' => 't', '\n' => 'n', '\r' => 'r', '\f' => 'f', '\v' => 'v', _ => c });
                    i++;
                    break;
                default:
                    i = Literal(p, i, sb);
                    break;
            }

            canRepeat = atom;
            lastWasRepeat = false;
        }

        if (flags.Count > 0)
        {
            throw Error("missing closing )", p);
        }

        return sb.ToString();
    }

    private static void CheckRepeat(string p, int start, int end, bool canRepeat, bool lastWasRepeat)
    {
        if (lastWasRepeat)
        {
            throw Error("invalid nested repetition operator", p[(start - 1)..end]);
        }

        if (!canRepeat)
        {
            throw Error("missing argument to repetition operator", p[start..end]);
        }
    }

    /// <summary>Appends the lazy marker as the source and (?U) ask; returns the index after the quantifier.</summary>
    private static int Greed(string p, int i, bool ungreedy, StringBuilder sb)
    {
        var lazy = i < p.Length && p[i] == '?';
        if (lazy != ungreedy)
        {
            sb.Append('?');
        }

        return lazy ? i + 1 : i;
    }

    private static bool TryRepeat(string p, int i, out int end, out int min, out int max)
    {
        end = i;
        min = max = -1;
        var j = i + 1;
        var lo = Digits(p, ref j);
        if (lo < 0)
        {
            return false;
        }

        min = lo;
        max = lo;
        if (j < p.Length && p[j] == ',')
        {
            j++;
            max = j < p.Length && p[j] == '}' ? -1 : Digits(p, ref j);
            if (max < 0 && (j >= p.Length || p[j] != '}'))
            {
                return false;
            }
        }

        if (j >= p.Length || p[j] != '}')
        {
            return false;
        }

        end = j + 1;
        return true;
    }

    private static int Digits(string p, ref int j)
    {
        var start = j;
        var n = 0L;
        while (j < p.Length && char.IsAsciiDigit(p[j]))
        {
            n = Math.Min(n * 10 + (p[j] - '0'), int.MaxValue);
            j++;
        }

        return j == start ? -1 : (int)n;
    }

    /// <summary>Handles every "(?" form: named captures, non-capturing groups and flags; the rest is Perl syntax RE2 refuses.</summary>
    private static int Group(string p, int i, StringBuilder sb, ref int groups, Dictionary<string, int>? names, ref bool multiline, ref bool ungreedy, out bool setsFlagsOnly)
    {
        setsFlagsOnly = false;
        var rest = p.AsSpan(i + 2);
        if (rest.StartsWith("P<") || (rest.StartsWith("<") && !rest.StartsWith("<=") && !rest.StartsWith("<!")))
        {
            var nameStart = i + (rest[0] == 'P' ? 4 : 3);
            var nameEnd = p.IndexOf('>', nameStart);
            var name = nameEnd < 0 ? string.Empty : p[nameStart..nameEnd];
            if (name.Length == 0 || !name.All(ch => char.IsAsciiLetterOrDigit(ch) || ch == '_'))
            {
                throw Error("invalid named capture", nameEnd < 0 ? p[i..] : p[i..(nameEnd + 1)]);
            }

            groups++;
            if (names is not null && !names.TryAdd(name, groups))
            {
                throw Error("duplicate capture group name", name);
            }

            sb.Append('(');
            return nameEnd + 1;
        }

        var j = i + 2;
        var on = new StringBuilder();
        var off = new StringBuilder();
        var negate = false;
        bool m = multiline, u = ungreedy;
        while (j < p.Length && p[j] is 'i' or 'm' or 's' or 'U' or '-')
        {
            var f = p[j];
            if (f == '-')
            {
                if (negate)
                {
                    break;
                }

                negate = true;
            }
            else
            {
                (negate ? off : on).Append(f is 'U' ? string.Empty : f.ToString());
                if (f == 'm')
                {
                    m = !negate;
                }
                else if (f == 'U')
                {
                    u = !negate;
                }
            }

            j++;
        }

        var flagText = p[(i + 2)..j];
        var valid = j < p.Length && (p[j] == ':' || (p[j] == ')' && flagText.Length > 0))
            && !flagText.EndsWith('-') && flagText.Count(ch => ch == '-') <= 1;
        if (!valid)
        {
            var shown = p[i..Math.Min(p.Length, j + 1)];
            throw Error("invalid or unsupported Perl syntax", shown);
        }

        var dotnet = on.ToString() + (off.Length > 0 ? "-" + off : string.Empty);
        multiline = m;
        ungreedy = u;
        if (p[j] == ')')
        {
            setsFlagsOnly = true;
            if (dotnet.Length > 0)
            {
                sb.Append("(?").Append(dotnet).Append(')');
            }

            return j + 1;
        }

        sb.Append("(?").Append(dotnet).Append(':');
        return j + 1;
    }

    private static int Literal(string p, int i, StringBuilder sb)
    {
        if (char.IsHighSurrogate(p[i]) && i + 1 < p.Length && char.IsLowSurrogate(p[i + 1]))
        {
            // A quantifier after a supplementary character must repeat the whole rune.
            sb.Append("(?:").Append(p, i, 2).Append(')');
            return i + 2;
        }

        sb.Append(p[i]);
        return i + 1;
    }

    internal static ArgumentException Error(string what, string where) =>
        new($"error parsing regexp: {what}: `{where}`");
}
