using System.Text;
using GitOpsFleet.Loading;
using GitOpsFleet.Model;

namespace GitOpsFleet.Fuzz.Targets;

/// <summary>
/// The fleet loader on one commit's files, as the loader tests call it. The input is fleet.yaml, unless it starts
/// with <c>#file: PATH</c> lines that split it into several files (pools/*.yaml, policies, ...). Every problem is a
/// diagnostic with a path and a line; the loader throws nothing.
/// </summary>
internal sealed class FleetTarget : FuzzTarget
{
    private const string FileMarker = "#file: ";

    private static readonly FleetLoader Loader = new(cacheCapacity: 0);

    public override string Name => "fleet";

    public override string Description => "fleet loader (FleetLoader.Load on fleet.yaml + pools/*.yaml)";

    public override void Run(ReadOnlySpan<byte> input)
    {
        var snapshot = new InMemorySnapshot("0123456789abcdef0123456789abcdef01234567", Split(Encoding.UTF8.GetString(input)));
        var result = Loader.Load(snapshot);
        foreach (var d in result.Diagnostics)
        {
            if (string.IsNullOrEmpty(d.Path) || d.Line < 0 || d.Column < 0)
            {
                throw new FuzzContractException($"diagnostic without a location: {d}");
            }
        }

        if (result.Fleet is null && !result.HasErrors)
        {
            throw new FuzzContractException("no fleet and no error");
        }
    }

    /// <summary>Splits the input at <c>#file: PATH</c> lines; text before the first marker is fleet.yaml.</summary>
    internal static List<KeyValuePair<string, string>> Split(string text)
    {
        var files = new List<KeyValuePair<string, string>>();
        var path = "fleet.yaml";
        var body = new StringBuilder();
        foreach (var line in text.Split('\n'))
        {
            if (line.StartsWith(FileMarker, StringComparison.Ordinal))
            {
                Add(files, path, body);
                path = line[FileMarker.Length..].Trim();
                body.Clear();
                continue;
            }
            body.Append(line).Append('\n');
        }
        Add(files, path, body);
        return files;
    }

    private static void Add(List<KeyValuePair<string, string>> files, string path, StringBuilder body)
    {
        // Git holds no empty path, nor the same path twice; a later section of a repeated path wins.
        if (path.Length == 0 || (path == "fleet.yaml" && body.Length == 0 && files.Count == 0))
        {
            return;
        }
        files.RemoveAll(f => f.Key == path);
        files.Add(new(path, body.ToString()));
    }
}
