using System.Text;
using System.Text.RegularExpressions;

namespace GitOpsFleet.Loading.Tests.Schema;

/// <summary>
/// The fleet and pool files written inline in the test sources of every test project: raw string literals and
/// one-line strings that start with the fleet apiVersion. In $$ raw literals each {{hole}} becomes a plain word, so
/// a fixture whose hole stands for a number fails to load and is left out; $ literals are skipped, since their
/// holes cannot be told from YAML's own braces.
/// </summary>
internal static partial class FixtureSources
{
    public static IReadOnlyList<(string Source, string Yaml)> All()
    {
        var tests = Path.Combine(Fixtures.RepositoryRoot(), "tests");
        var found = new List<(string, string)>();
        foreach (var file in Directory.EnumerateFiles(tests, "*.cs", SearchOption.AllDirectories).Order(StringComparer.Ordinal))
        {
            var relative = Path.GetRelativePath(tests, file).Replace('\\', '/');
            if (relative.Contains("/obj/", StringComparison.Ordinal) || relative.Contains("/bin/", StringComparison.Ordinal))
            {
                continue;
            }
            var text = File.ReadAllText(file);
            foreach (Match m in RawLiteral().Matches(text))
            {
                var body = m.Groups["dollars"].Value switch
                {
                    "" => m.Groups["body"].Value,
                    "$$" => Hole().Replace(m.Groups["body"].Value, "filled"),
                    _ => null,
                };
                if (body is not null)
                {
                    found.Add((relative, Dedent(body, m.Groups["indent"].Value.Length)));
                }
            }
            foreach (Match m in QuotedLiteral().Matches(text))
            {
                found.Add((relative, Unescape(m.Groups["body"].Value)));
            }
        }
        return found.Where(f => f.Item2.Contains("apiVersion: gitopsfleet.dev/v1", StringComparison.Ordinal)).ToList();
    }

    public static string? KindOf(string yaml) =>
        KindLine().Match(yaml) is { Success: true } m ? m.Groups["kind"].Value : null;

    private static string Dedent(string body, int indent)
    {
        var lines = body.ReplaceLineEndings("\n").Split('\n');
        return string.Join("\n", lines.Select(l => l.Length >= indent ? l[indent..] : l.TrimStart())) + "\n";
    }

    private static string Unescape(string body)
    {
        var result = new StringBuilder(body.Length);
        for (var i = 0; i < body.Length; i++)
        {
            if (body[i] == '\\' && i + 1 < body.Length)
            {
                i++;
                result.Append(body[i] switch { 'n' => '\n', 't' => '\t', 'r' => '\r', var c => c });
            }
            else
            {
                result.Append(body[i]);
            }
        }
        return result.ToString();
    }

    [GeneratedRegex("(?<![$\"])(?<dollars>\\$*)\"\"\"[ \\t]*\\r?\\n(?<body>.*?)\\r?\\n(?<indent>[ \\t]*)\"\"\"", RegexOptions.Singleline)]
    private static partial Regex RawLiteral();

    [GeneratedRegex("(?<![$@\"])\"(?<body>apiVersion: gitopsfleet\\.dev/v1\\\\n(?:[^\"\\\\\\n]|\\\\.)*)\"")]
    private static partial Regex QuotedLiteral();

    [GeneratedRegex("\\{\\{[^{}]*\\}\\}")]
    private static partial Regex Hole();

    [GeneratedRegex("^kind:[ \\t]*(?<kind>\\S+)", RegexOptions.Multiline)]
    private static partial Regex KindLine();
}
