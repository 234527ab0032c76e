using System.Globalization;
using System.Text;

namespace GitOpsFleet.Policies.Builtins.Kernels.Patterns;

/// <summary>Escapes and character classes. RE2's \d \w \s and POSIX classes are ASCII-only, so they become explicit ranges.</summary>
internal static partial class Re2Translator
{
    private static readonly Dictionary<string, (int Lo, int Hi)[]> Posix = new(StringComparer.Ordinal)
    {
        ["alnum"] = [('0', '9'), ('A', 'Z'), ('a', 'z')],
        ["alpha"] = [('A', 'Z'), ('a', 'z')],
        ["ascii"] = [(0, 0x7F)],
        ["blank"] = [('\t', '\t'), (' ', ' ')],
        ["cntrl"] = [(0, 0x1F), (0x7F, 0x7F)],
        ["digit"] = [('0', '9')],
        ["graph"] = [('!', '~')],
        ["lower"] = [('a', 'z')],
        ["print"] = [(' ', '~')],
        ["punct"] = [('!', '/'), (':', '@'), ('[', '`'), ('{', '~')],
        ["space"] = [('\t', '\r'), (' ', ' ')],
        ["upper"] = [('A', 'Z')],
        ["word"] = [('0', '9'), ('A', 'Z'), ('_', '_'), ('a', 'z')],
        ["xdigit"] = [('0', '9'), ('A', 'F'), ('a', 'f')],
    };

    private static readonly (int Lo, int Hi)[] Digit = [('0', '9')];
    private static readonly (int Lo, int Hi)[] Word = [('0', '9'), ('A', 'Z'), ('_', '_'), ('a', 'z')];

    // RE2's \s leaves out \v, unlike [[:space:]].
    private static readonly (int Lo, int Hi)[] Space = [('\t', '\n'), ('\f', '\r'), (' ', ' ')];

    private static readonly HashSet<string> Categories = new(StringComparer.Ordinal)
    {
        "C", "Cc", "Cf", "Co", "Cs", "L", "Ll", "Lm", "Lo", "Lt", "Lu", "M", "Mc", "Me", "Mn", "N", "Nd", "Nl", "No",
        "P", "Pc", "Pd", "Pe", "Pf", "Pi", "Po", "Ps", "S", "Sc", "Sk", "Sm", "So", "Z", "Zl", "Zp", "Zs",
    };

    private static (int Lo, int Hi)[]? PerlClass(char e) => char.ToLowerInvariant(e) switch
    {
        'd' => Digit,
        'w' => Word,
        's' => Space,
        _ => null,
    };

    private static int Escape(string p, int i, StringBuilder sb)
    {
        if (i + 1 >= p.Length)
        {
            throw Error("trailing backslash at end of expression", string.Empty);
        }

        var e = p[i + 1];
        if (PerlClass(e) is { } set)
        {
            sb.Append('[').Append(Ranges(char.IsUpper(e) ? Complement(set) : set)).Append(']');
            return i + 2;
        }

        switch (e)
        {
            // \b is Unicode-aware in .NET and ASCII in RE2; the two differ only next to non-ASCII letters and digits.
            case 'b' or 'B' or 'A' or 'z':
                sb.Append('\\').Append(e);
                return i + 2;
            case 'Q':
                var end = p.IndexOf("\\E", i + 2, StringComparison.Ordinal);
                foreach (var ch in end < 0 ? p[(i + 2)..] : p[(i + 2)..end])
                {
                    AppendChar(sb, ch);
                }

                return end < 0 ? p.Length : end + 2;
            case 'p' or 'P':
                var (text, after) = Unicode(p, i, inClass: false);
                sb.Append(text);
                return after;
            default:
                var (rune, next) = EscapedChar(p, i);
                AppendChar(sb, rune);
                return next;
        }
    }

    /// <summary>The escapes that stand for one character: \a \f \t \n \r \v, \x, octal and escaped punctuation.</summary>
    private static (int Rune, int Next) EscapedChar(string p, int i)
    {
        if (i + 1 >= p.Length)
        {
            throw Error("trailing backslash at end of expression", string.Empty);
        }

        var e = p[i + 1];
        switch (e)
        {
            case 'a': return (7, i + 2);
            case 'f': return ('\f', i + 2);
            case 't': return ('\t', i + 2);
            case 'n': return ('\n', i + 2);
            case 'r': return ('\r', i + 2);
            case 'v': return ('\v', i + 2);
            case 'x':
                return Hex(p, i);
            case >= '0' and <= '7' when e == '0' || (i + 2 < p.Length && p[i + 2] is >= '0' and <= '7'):
                var j = i + 1;
                var value = 0;
                while (j < p.Length && j < i + 4 && p[j] is >= '0' and <= '7')
                {
                    value = value * 8 + (p[j] - '0');
                    j++;
                }

                return (value, j);
        }

        if (e < 0x80 && !char.IsAsciiLetterOrDigit(e))
        {
            return (e, i + 2);
        }

        // Digits here are backreferences, which RE2 does not have; letters are escapes it does not know.
        var shown = char.IsHighSurrogate(e) && i + 2 < p.Length ? p.Substring(i, 3) : p.Substring(i, 2);
        throw Error("invalid escape sequence", shown);
    }

    private static (int Rune, int Next) Hex(string p, int i)
    {
        var j = i + 2;
        string digits;
        if (j < p.Length && p[j] == '{')
        {
            var close = p.IndexOf('}', j);
            digits = close < 0 ? string.Empty : p[(j + 1)..close];
            j = close + 1;
        }
        else
        {
            digits = j + 2 <= p.Length ? p.Substring(j, 2) : string.Empty;
            j += 2;
        }

        if (digits.Length == 0 || digits.Length > 8 || !digits.All(char.IsAsciiHexDigit)
            || int.Parse(digits, NumberStyles.HexNumber, CultureInfo.InvariantCulture) is var v && v > 0x10FFFF)
        {
            throw Error("invalid escape sequence", p[i..Math.Min(p.Length, Math.Max(j, i + 2))]);
        }

        return (v, j);
    }

    /// <summary>\pL, \p{Greek}, \P{^L}: Unicode general categories map onto .NET's; RE2's script names have no .NET counterpart and are refused.</summary>
    private static (string Text, int Next) Unicode(string p, int i, bool inClass)
    {
        var negate = p[i + 1] == 'P';
        string name;
        int next;
        if (i + 2 < p.Length && p[i + 2] == '{')
        {
            var close = p.IndexOf('}', i + 3);
            if (close < 0)
            {
                throw Error("invalid character class range", p[i..]);
            }

            name = p[(i + 3)..close];
            next = close + 1;
        }
        else if (i + 2 < p.Length)
        {
            name = p[i + 2].ToString();
            next = i + 3;
        }
        else
        {
            throw Error("invalid character class range", p[i..]);
        }

        if (name.StartsWith('^'))
        {
            negate = !negate;
            name = name[1..];
        }

        if (name == "Any")
        {
            return (inClass, negate) switch
            {
                (true, false) => ("\\u0000-\\uFFFF", next),
                (true, true) => (string.Empty, next),
                (false, false) => ("[\\s\\S]", next),
                _ => ("[^\\s\\S]", next),
            };
        }

        if (!Categories.Contains(name))
        {
            throw Error("invalid character class range (only Unicode general categories are supported)", p[i..next]);
        }

        return ((negate ? "\\P{" : "\\p{") + name + "}", next);
    }

    private static int Class(string p, int i, StringBuilder sb)
    {
        var start = i;
        i++;
        var negated = i < p.Length && p[i] == '^';
        if (negated)
        {
            i++;
        }

        var body = new StringBuilder();
        var first = true;
        while (true)
        {
            if (i >= p.Length)
            {
                throw Error("missing closing ]", p[start..]);
            }

            if (p[i] == ']' && !first)
            {
                break;
            }

            first = false;
            if (p[i] == '[' && i + 1 < p.Length && p[i + 1] == ':')
            {
                var close = p.IndexOf(":]", i + 2, StringComparison.Ordinal);
                if (close > 0)
                {
                    var name = p[(i + 2)..close];
                    var neg = name.StartsWith('^');
                    if (!Posix.TryGetValue(neg ? name[1..] : name, out var posix))
                    {
                        throw Error("invalid character class range", p[i..(close + 2)]);
                    }

                    body.Append(Ranges(neg ? Complement(posix) : posix));
                    i = close + 2;
                    continue;
                }
            }

            if (p[i] == '\\' && i + 1 < p.Length)
            {
                if (PerlClass(p[i + 1]) is { } set)
                {
                    body.Append(Ranges(char.IsUpper(p[i + 1]) ? Complement(set) : set));
                    i += 2;
                    continue;
                }

                if (p[i + 1] is 'p' or 'P')
                {
                    var (text, after) = Unicode(p, i, inClass: true);
                    body.Append(text);
                    i = after;
                    continue;
                }
            }

            var (lo, next) = ClassChar(p, i);
            var hi = lo;
            if (next + 1 < p.Length && p[next] == '-' && p[next + 1] != ']')
            {
                (hi, var after) = ClassChar(p, next + 1);
                if (hi < lo)
                {
                    throw Error("invalid character class range", p[i..after]);
                }

                next = after;
            }

            body.Append(Ranges([(lo, hi)]));
            i = next;
        }

        sb.Append('[').Append(negated ? "^" : string.Empty).Append(body).Append(']');
        return i + 1;
    }

    private static (int Rune, int Next) ClassChar(string p, int i)
    {
        var (rune, next) = p[i] == '\\' ? EscapedChar(p, i) : char.IsSurrogatePair(p, i) ? (char.ConvertToUtf32(p, i), i + 2) : (p[i], i + 1);
        if (rune > 0xFFFF)
        {
            // .NET classes hold UTF-16 units, so a supplementary character cannot be a class member.
            throw Error("supplementary characters in a character class are not supported", p[i..next]);
        }

        return (rune, next);
    }

    private static (int Lo, int Hi)[] Complement((int Lo, int Hi)[] set)
    {
        var result = new List<(int, int)>();
        var next = 0;
        foreach (var (lo, hi) in set.OrderBy(r => r.Lo))
        {
            if (lo > next)
            {
                result.Add((next, lo - 1));
            }

            next = Math.Max(next, hi + 1);
        }

        if (next <= 0xFFFF)
        {
            result.Add((next, 0xFFFF));
        }

        return [.. result];
    }

    private static string Ranges(IEnumerable<(int Lo, int Hi)> ranges)
    {
        var sb = new StringBuilder();
        foreach (var (lo, hi) in ranges)
        {
            sb.Append(CultureInfo.InvariantCulture, $"\\u{lo:X4}");
            if (hi != lo)
            {
                sb.Append(CultureInfo.InvariantCulture, $"-\\u{hi:X4}");
            }
        }

        return sb.ToString();
    }

    private static void AppendChar(StringBuilder sb, int rune)
    {
        if (rune > 0xFFFF)
        {
            var s = char.ConvertFromUtf32(rune);
            sb.Append(CultureInfo.InvariantCulture, $"(?:\\u{(int)s[0]:X4}\\u{(int)s[1]:X4})");
            return;
        }

        sb.Append(CultureInfo.InvariantCulture, $"\\u{rune:X4}");
    }
}
