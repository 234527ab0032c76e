using System.Text;
using System.Text.RegularExpressions;

namespace GitOpsFleet.Policies.Builtins.Kernels.Patterns;

/// <summary>
/// Glob patterns with gobwas/glob semantics, compiled to a .NET regex: <c>*</c> stops at separators, <c>**</c> does not,
/// <c>?</c> is one non-separator, <c>[a-z]</c>/<c>[!a-z]</c> classes, <c>{a,b}</c> alternatives, <c>\</c> escapes.
/// </summary>
internal static class GlobPattern
{
    private const string Specials = "*?\\[]{}";

    public static Regex Compile(string pattern, IReadOnlyCollection<char> separators)
    {
        var sep = string.Concat(separators.Select(c => Regex.Escape(c.ToString()).Replace("]", "\\]", StringComparison.Ordinal).Replace("-", "\\-", StringComparison.Ordinal)));
        var notSep = sep.Length == 0 ? "[\\s\\S]" : "[^" + sep + "]";
        var sb = new StringBuilder("^");
        var i = 0;
        var depth = 0;
        while (i < pattern.Length)
        {
            var c = pattern[i];
            switch (c)
            {
                case '*':
                    if (i + 1 < pattern.Length && pattern[i + 1] == '*')
                    {
                        sb.Append("[\\s\\S]*");
                        i += 2;
                    }
                    else
                    {
                        sb.Append(notSep).Append('*');
                        i++;
                    }

                    continue;
                case '?':
                    sb.Append(notSep);
                    break;
                case '\\':
                    if (i + 1 >= pattern.Length)
                    {
                        throw new FormatException("unexpected end of input");
                    }

                    sb.Append(Regex.Escape(pattern[i + 1].ToString()));
                    i += 2;
                    continue;
                case '[':
                    var close = pattern.IndexOf(']', i + 1);
                    if (close < 0)
                    {
                        throw new FormatException("unexpected end of input");
                    }

                    var body = pattern[(i + 1)..close];
                    var negate = body.StartsWith('!');
                    if (negate)
                    {
                        body = body[1..];
                    }

                    var cls = new StringBuilder(negate ? "[^" : "[");
                    for (var k = 0; k < body.Length; k++)
                    {
                        if (body[k] == '-' && k > 0 && k < body.Length - 1)
                        {
                            cls.Append('-');
                        }
                        else
                        {
                            cls.Append(Regex.Escape(body[k].ToString()).Replace("]", "\\]", StringComparison.Ordinal).Replace("-", "\\-", StringComparison.Ordinal));
                        }
                    }

                    sb.Append(cls).Append(']');
                    i = close + 1;
                    continue;
                case '{':
                    depth++;
                    sb.Append("(?:");
                    break;
                case '}' when depth > 0:
                    depth--;
                    sb.Append(')');
                    break;
                case ',' when depth > 0:
                    sb.Append('|');
                    break;
                default:
                    sb.Append(Regex.Escape(c.ToString()));
                    break;
            }

            i++;
        }

        if (depth > 0)
        {
            throw new FormatException("unexpected end of input");
        }

        return new Regex(sb.Append('$').ToString(), RegexOptions.CultureInvariant | RegexOptions.NonBacktracking);
    }

    public static string QuoteMeta(string s)
    {
        var sb = new StringBuilder();
        foreach (var c in s)
        {
            if (Specials.Contains(c, StringComparison.Ordinal))
            {
                sb.Append('\\');
            }

            sb.Append(c);
        }

        return sb.ToString();
    }
}
