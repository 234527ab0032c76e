using System.Text;
using GitOpsFleet.Policies;
using GitOpsFleet.Policies.Values;

namespace GitOpsFleet.Reconciler.Cli;

/// <summary>The three shapes `policy eval --format` prints a query result in, as `opa eval` users expect them.</summary>
internal static class PolicyEvalOutput
{
    public const string Json = "json";
    public const string Pretty = "pretty";
    public const string Raw = "raw";

    public static readonly string[] Formats = [Json, Pretty, Raw];

    /// <summary>Writes <paramref name="result"/>; errors go to stdout in json (as before) and to stderr otherwise.</summary>
    public static void Write(QueryResult result, string format, TextWriter stdout, TextWriter stderr)
    {
        if (format == Json)
        {
            stdout.WriteLine(result.ToOpaJson());
            return;
        }

        if (result.Error is { } error)
        {
            stderr.WriteLine(error.ToString());
            return;
        }

        stdout.Write(format == Raw ? RawText(result) : PrettyText(result));
    }

    /// <summary>
    /// Each expression value of each solution on its own line: strings as they are (so a shell can use them
    /// without unquoting), anything else as compact JSON. An undefined result prints nothing.
    /// </summary>
    public static string RawText(QueryResult result)
    {
        var sb = new StringBuilder();
        foreach (var row in result.Expressions)
        {
            foreach (var value in row)
            {
                sb.Append(value is StringValue s ? s.Value : ValueJson.ToJsonString(value)).Append('\n');
            }
        }

        return sb.ToString();
    }

    /// <summary>
    /// For a person at a terminal: "undefined", the indented value when the query has one expression and no
    /// variables, otherwise a table with a column per variable and per expression and a row per solution.
    /// </summary>
    public static string PrettyText(QueryResult result)
    {
        if (!result.IsDefined)
        {
            return "undefined\n";
        }

        if (result.Rows.Count == 1 && result.Rows[0].Count == 0 && result.Expressions[0].Count == 1)
        {
            return ValueJson.ToIndentedJson(result.Expressions[0][0]) + "\n";
        }

        var variables = result.Rows.SelectMany(r => r.Keys).Distinct().Order(StringComparer.Ordinal).ToList();
        var header = variables.Concat(result.ExpressionTexts).ToList();
        var cells = new List<List<string>>();
        for (var r = 0; r < result.Rows.Count; r++)
        {
            var line = variables.Select(v => result.Rows[r].TryGetValue(v, out var value) ? ValueJson.ToJsonString(value) : string.Empty).ToList();
            line.AddRange(result.Expressions[r].Select(v => ValueJson.ToJsonString(v)));
            cells.Add(line);
        }

        var widths = header.Select((h, i) => Math.Max(h.Length, cells.Max(c => i < c.Count ? c[i].Length : 0))).ToList();
        var sb = new StringBuilder();
        AppendRule(sb, widths);
        AppendCells(sb, widths, header);
        AppendRule(sb, widths);
        foreach (var line in cells)
        {
            AppendCells(sb, widths, line);
        }

        AppendRule(sb, widths);
        return sb.ToString();
    }

    private static void AppendRule(StringBuilder sb, List<int> widths)
    {
        foreach (var w in widths)
        {
            sb.Append('+').Append('-', w + 2);
        }

        sb.Append("+\n");
    }

    private static void AppendCells(StringBuilder sb, List<int> widths, List<string> cells)
    {
        for (var i = 0; i < widths.Count; i++)
        {
            sb.Append("| ").Append((i < cells.Count ? cells[i] : string.Empty).PadRight(widths[i])).Append(' ');
        }

        sb.Append("|\n");
    }
}
