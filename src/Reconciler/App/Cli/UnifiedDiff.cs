using System.Text;

namespace GitOpsFleet.Reconciler.Cli;

/// <summary>A unified diff of two texts by lines (three lines of context), as <c>diff -u</c> prints it.</summary>
internal static class UnifiedDiff
{
    private const int Context = 3;

    public static string Write(string oldName, string newName, string oldText, string newText)
    {
        var a = Lines(oldText);
        var b = Lines(newText);

        // Longest common subsequence by dynamic programming: policy files are small enough for the quadratic table.
        var lcs = new int[a.Length + 1, b.Length + 1];
        for (var i = a.Length - 1; i >= 0; i--)
        {
            for (var j = b.Length - 1; j >= 0; j--)
            {
                lcs[i, j] = a[i] == b[j] ? lcs[i + 1, j + 1] + 1 : Math.Max(lcs[i + 1, j], lcs[i, j + 1]);
            }
        }

        var ops = new List<(char Op, string Line, int A, int B)>();
        int x = 0, y = 0;
        while (x < a.Length || y < b.Length)
        {
            if (x < a.Length && y < b.Length && a[x] == b[y])
            {
                ops.Add((' ', a[x], x++, y++));
            }
            else if (x < a.Length && (y == b.Length || lcs[x + 1, y] >= lcs[x, y + 1]))
            {
                ops.Add(('-', a[x], x++, y));
            }
            else
            {
                ops.Add(('+', b[y], x, y++));
            }
        }

        var sb = new StringBuilder();
        sb.Append("--- ").Append(oldName).Append('\n').Append("+++ ").Append(newName).Append('\n');
        var k = 0;
        while (k < ops.Count)
        {
            if (ops[k].Op == ' ')
            {
                k++;
                continue;
            }

            // A hunk: from CONTEXT lines before the change to CONTEXT lines after the last change it absorbs.
            var start = Math.Max(0, k - Context);
            var end = k;
            while (end < ops.Count)
            {
                if (ops[end].Op != ' ')
                {
                    end++;
                    continue;
                }

                var run = end;
                while (run < ops.Count && ops[run].Op == ' ')
                {
                    run++;
                }

                if (run == ops.Count || run - end > 2 * Context)
                {
                    end = Math.Min(ops.Count, end + Context);
                    break;
                }

                end = run;
            }

            var hunk = ops.GetRange(start, end - start);
            var oldCount = hunk.Count(o => o.Op != '+');
            var newCount = hunk.Count(o => o.Op != '-');
            var oldStart = oldCount == 0 ? hunk[0].A : hunk[0].A + 1;
            var newStart = newCount == 0 ? hunk[0].B : hunk[0].B + 1;
            sb.Append($"@@ -{oldStart},{oldCount} +{newStart},{newCount} @@\n");
            foreach (var o in hunk)
            {
                sb.Append(o.Op).Append(o.Line).Append('\n');
            }

            k = end;
        }

        return sb.ToString();
    }

    private static string[] Lines(string text)
    {
        var lines = text.Replace("\r\n", "\n", StringComparison.Ordinal).Split('\n');
        return text.EndsWith('\n') ? lines[..^1] : lines;
    }
}
