using System.Globalization;
using System.Text;

namespace GitOpsFleet.Policies.Builtins.Kernels.GraphQl;

internal static class GqlStrings
{
    /// <summary>Go's strconv.Quote for the characters GraphQL tokens can hold.</summary>
    public static string Quote(string s)
    {
        var sb = new StringBuilder("\"");
        foreach (var rune in s.EnumerateRunes())
        {
            switch (rune.Value)
            {
                case '"': sb.Append("\\\""); break;
                case '\\': sb.Append("\\\\"); break;
                case '\n': sb.Append("\\n"); break;
                case '\r': sb.Append("\\r"); break;
                case '\t': sb.Append("\\t"); break;
                default:
                    if (rune.Value < 0x20 || rune.Value == 0x7f)
                    {
                        sb.Append("\\x").Append(rune.Value.ToString("x2", CultureInfo.InvariantCulture));
                    }
                    else
                    {
                        sb.Append(rune.ToString());
                    }

                    break;
            }
        }

        return sb.Append('"').ToString();
    }

    /// <summary>The block string value algorithm of the GraphQL spec (common indent removed, blank edge lines dropped).</summary>
    public static string BlockValue(string raw)
    {
        var lines = raw.Replace("\r\n", "\n", StringComparison.Ordinal).Replace('\r', '\n').Split('\n');
        int? common = null;
        for (var i = 1; i < lines.Length; i++)
        {
            var indent = LeadingWhitespace(lines[i]);
            if (indent < lines[i].Length && (common is null || indent < common))
            {
                common = indent;
            }
        }

        if (common is int c)
        {
            for (var i = 1; i < lines.Length; i++)
            {
                lines[i] = lines[i].Length >= c ? lines[i][c..] : "";
            }
        }

        var start = 0;
        var end = lines.Length;
        while (start < end && LeadingWhitespace(lines[start]) == lines[start].Length)
        {
            start++;
        }

        while (end > start && LeadingWhitespace(lines[end - 1]) == lines[end - 1].Length)
        {
            end--;
        }

        return string.Join('\n', lines[start..end]);
    }

    private static int LeadingWhitespace(string s)
    {
        var i = 0;
        while (i < s.Length && (s[i] == ' ' || s[i] == '\t'))
        {
            i++;
        }

        return i;
    }
}
