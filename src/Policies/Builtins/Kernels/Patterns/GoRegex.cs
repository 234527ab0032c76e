using System.Text;
using System.Text.RegularExpressions;

namespace GitOpsFleet.Policies.Builtins.Kernels.Patterns;

/// <summary>Go regexp's FindAll / Split / ReplaceAll semantics on a translated .NET regex.</summary>
internal static class GoRegex
{
    /// <summary>Successive non-overlapping matches; an empty match right after the previous match is skipped, as in Go.</summary>
    public static List<Match> FindAll(Regex re, string s, int n)
    {
        var result = new List<Match>();
        if (n == 0)
        {
            return result;
        }

        var prevEnd = -1;
        for (var m = re.Match(s); m.Success; m = m.NextMatch())
        {
            if (m.Length == 0 && m.Index == prevEnd)
            {
                continue;
            }

            result.Add(m);
            prevEnd = m.Index + m.Length;
            if (n > 0 && result.Count >= n)
            {
                break;
            }
        }

        return result;
    }

    /// <param name="emptyPattern">Whether the Go pattern was empty: Go splits an empty input into one
    /// empty piece except for an empty pattern, which yields none (the translated .NET text cannot tell).</param>
    public static List<string> Split(Regex re, string s, int n = -1, bool emptyPattern = false)
    {
        var result = new List<string>();
        if (n == 0)
        {
            return result;
        }

        if (!emptyPattern && s.Length == 0)
        {
            return [""];
        }

        int beg = 0, end = 0;
        foreach (var m in FindAll(re, s, n))
        {
            if (n > 0 && result.Count == n - 1)
            {
                break;
            }

            end = m.Index;
            if (m.Index + m.Length != 0)
            {
                result.Add(s[beg..end]);
            }

            beg = m.Index + m.Length;
        }

        if (end != s.Length)
        {
            result.Add(s[beg..]);
        }

        return result;
    }

    /// <summary>ReplaceAllString: <c>$1</c>, <c>${name}</c> expand; <c>$name</c> takes the longest run of word characters.</summary>
    public static string ReplaceAll(Regex re, string s, string template)
    {
        var sb = new StringBuilder();
        var last = 0;
        foreach (var m in FindAll(re, s, -1))
        {
            sb.Append(s, last, m.Index - last);
            Expand(sb, re, m, template);
            last = m.Index + m.Length;
        }

        sb.Append(s, last, s.Length - last);
        return sb.ToString();
    }

    private static void Expand(StringBuilder sb, Regex re, Match m, string template)
    {
        for (var i = 0; i < template.Length; i++)
        {
            if (template[i] != '$' || i + 1 >= template.Length)
            {
                sb.Append(template[i]);
                continue;
            }

            if (template[i + 1] == '$')
            {
                sb.Append('$');
                i++;
                continue;
            }

            string name;
            if (template[i + 1] == '{')
            {
                var close = template.IndexOf('}', i + 2);
                if (close < 0)
                {
                    sb.Append('$');
                    continue;
                }

                name = template[(i + 2)..close];
                i = close;
            }
            else
            {
                var j = i + 1;
                while (j < template.Length && (char.IsAsciiLetterOrDigit(template[j]) || template[j] == '_'))
                {
                    j++;
                }

                if (j == i + 1)
                {
                    sb.Append('$');
                    continue;
                }

                name = template[(i + 1)..j];
                i = j - 1;
            }

            var num = int.TryParse(name, out var parsed) ? parsed : Re2Translator.GroupNumber(re, name);
            var group = num >= 0 && num < re.GetGroupNumbers().Length ? m.Groups[num] : null;
            if (group is { Success: true })
            {
                sb.Append(group.Value);
            }
        }
    }
}
