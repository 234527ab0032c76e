using GitOpsFleet.Policies.Syntax;
using GitOpsFleet.Policies.Values;

namespace GitOpsFleet.Policies.Loading;

/// <summary>
/// Turns policy files into modules and one data document, the way OPA's loader does: each data document is merged at
/// its path under <c>data</c>, objects merge key by key, and two files that set the same value are a conflict naming
/// both. Every bad file is reported, not only the first. The one entry point for the policy gate and the
/// <c>policy eval</c>/<c>test</c> commands, so a run and a person at the command line see the same <c>data</c>.
/// </summary>
public static class PolicyBundle
{
    /// <summary>
    /// <paramref name="version"/> is the Rego of modules no <c>.manifest</c> speaks for; a manifest's <c>rego_version</c>
    /// and <c>file_rego_versions</c> win over it for the files under its folder (the deepest manifest first).
    /// </summary>
    /// <exception cref="PolicyCompileException">Listing every data file or manifest that does not parse and every conflict.</exception>
    public static (IReadOnlyList<RegoSource> Sources, Value Data) Read(IEnumerable<PolicyFile> files, bool includeTests = true, RegoVersion version = RegoVersion.V1)
    {
        ArgumentNullException.ThrowIfNull(files);
        var sources = new List<RegoSource>();
        var diagnostics = new List<RegoDiagnostic>();
        var owners = new Dictionary<string, string>(StringComparer.Ordinal);
        Value data = ObjectValue.Empty;
        var ordered = files.OrderBy(f => f.Path, StringComparer.Ordinal).ToList();
        var manifests = ordered.Where(f => f.Kind == PolicyFileKind.Manifest)
            .Select(f => PolicyManifest.Parse(f, diagnostics))
            .OfType<PolicyManifest>()
            .OrderByDescending(m => m.Root.Length)
            .ToList();
        foreach (var file in ordered)
        {
            if (file.Kind == PolicyFileKind.Manifest) continue;
            if (file.Kind == PolicyFileKind.Module)
            {
                // The deepest manifest that says anything about the file wins; one without a version defers to those above it.
                var fileVersion = manifests.Where(m => m.Covers(file.Path)).Select(m => m.VersionOf(file.Path)).FirstOrDefault(v => v is not null) ?? version;
                if (includeTests || !file.IsTest) sources.Add(new RegoSource(file.Path, file.Text) { Version = fileVersion });
                continue;
            }
            Value document;
            try
            {
                document = file.Path.EndsWith(".json", StringComparison.Ordinal) ? ValueJson.Parse(file.Text) : ValueYaml.Parse(file.Text);
            }
            catch (Exception e) when (e is System.Text.Json.JsonException or YamlDotNet.Core.YamlException or FormatException)
            {
                diagnostics.Add(new RegoDiagnostic("rego_parse_error", $"data file: {e.Message}", new SourceLocation(file.Path, 1, 1)));
                continue;
            }
            var prefix = file.DataPath.Split('/', StringSplitOptions.RemoveEmptyEntries);
            data = MergeAt(data, prefix, 0, document, file.Path, owners, diagnostics);
        }
        if (diagnostics.Count > 0) throw new PolicyCompileException(diagnostics);
        return (sources, data);
    }

    private static Value MergeAt(Value target, string[] prefix, int depth, Value document, string file, Dictionary<string, string> owners, List<RegoDiagnostic> diagnostics)
    {
        if (depth == prefix.Length) return Merge(target, document, string.Join('/', prefix), file, owners, diagnostics);
        if (target is not ObjectValue obj)
        {
            Conflict(string.Join('/', prefix[..depth]), file, owners, diagnostics);
            return target;
        }
        var key = new StringValue(prefix[depth]);
        return obj.With(key, MergeAt(obj.Get(key) ?? ObjectValue.Empty, prefix, depth + 1, document, file, owners, diagnostics));
    }

    private static Value Merge(Value existing, Value incoming, string path, string file, Dictionary<string, string> owners, List<RegoDiagnostic> diagnostics)
    {
        if (existing is ObjectValue { Count: 0 } && !owners.ContainsKey(path))
        {
            owners[path] = file;
            return incoming;
        }
        if (existing is not ObjectValue a || incoming is not ObjectValue b)
        {
            Conflict(path, file, owners, diagnostics);
            return existing;
        }
        var builder = new ObjectBuilder(a);
        for (var i = 0; i < b.Count; i++)
        {
            var childPath = path.Length == 0 ? Segment(b.Keys[i]) : path + "/" + Segment(b.Keys[i]);
            if (a.Get(b.Keys[i]) is { } current)
            {
                builder.Set(b.Keys[i], Merge(current, b.Values[i], childPath, file, owners, diagnostics));
            }
            else
            {
                owners[childPath] = file;
                builder.Set(b.Keys[i], b.Values[i]);
            }
        }
        return builder.Build();
    }

    private static string Segment(Value key) => key is StringValue s ? s.Value : key.ToString() ?? "";

    /// <summary>Names the file that set the value first: the owner of the path itself, of the nearest object above it, or of any value under it.</summary>
    private static void Conflict(string path, string file, Dictionary<string, string> owners, List<RegoDiagnostic> diagnostics)
    {
        string? other = null;
        for (var at = path; other is null; at = at.Contains('/') ? at[..at.LastIndexOf('/')] : "")
        {
            if (owners.TryGetValue(at, out var owner)) other = owner;
            if (at.Length == 0) break;
        }
        other ??= owners.FirstOrDefault(o => o.Key.StartsWith(path + "/", StringComparison.Ordinal)).Value ?? "another data file";
        var dotted = path.Length == 0 ? "data" : "data." + path.Replace('/', '.');
        diagnostics.Add(new RegoDiagnostic("rego_compile_error", $"data conflict: {dotted} is set by both {other} and {file}", new SourceLocation(file, 1, 1)));
    }
}
