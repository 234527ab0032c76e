namespace GitOpsFleet.Reconciler.Tests.Shipping;

/// <summary>A Dockerfile read as instructions (keyword and arguments, continued lines joined), split into stages.</summary>
internal sealed record DockerfileInstructions(IReadOnlyList<(string Stage, string Keyword, string Arguments)> All)
{
    public static DockerfileInstructions Read(string path)
    {
        var all = new List<(string, string, string)>();
        var stage = "";
        var current = "";
        foreach (var raw in File.ReadAllLines(path))
        {
            var line = raw.Trim();
            if (current.Length == 0 && (line.Length == 0 || line.StartsWith('#'))) continue;
            if (line.EndsWith('\\'))
            {
                current += line[..^1] + " ";
                continue;
            }
            var text = current + line;
            current = "";
            var space = text.IndexOf(' ', StringComparison.Ordinal);
            var keyword = (space < 0 ? text : text[..space]).ToUpperInvariant();
            var arguments = space < 0 ? "" : text[(space + 1)..].Trim();
            if (keyword == "FROM")
            {
                var words = arguments.Split(' ', StringSplitOptions.RemoveEmptyEntries);
                stage = words.Length >= 3 && words[^2].Equals("AS", StringComparison.OrdinalIgnoreCase) ? words[^1] : words[0];
            }
            all.Add((stage, keyword, arguments));
        }
        return new DockerfileInstructions(all);
    }

    public IEnumerable<(string Keyword, string Arguments)> Stage(string name) =>
        All.Where(i => i.Stage == name).Select(i => (i.Keyword, i.Arguments));
}
