using System.Text.RegularExpressions;
using GitOpsFleet.Policies.Syntax;
using GitOpsFleet.Policies.Values;

namespace GitOpsFleet.Policies.Loading;

/// <summary>
/// The Rego versions a bundle's <c>.manifest</c> declares: <c>rego_version</c> (0 or 1) for every module under the
/// folder it sits in, and <c>file_rego_versions</c>, path globs relative to that folder ("/v0/*.rego", "**/legacy.rego")
/// that override it per file. A manifest wins over the version the caller asked for, as in OPA.
/// </summary>
internal sealed record PolicyManifest(string Root, RegoVersion? Version, IReadOnlyList<(Regex Glob, RegoVersion Version)> Files)
{
    /// <summary>The version this manifest gives a module at <paramref name="path"/> (under <see cref="Root"/>), or null.</summary>
    public RegoVersion? VersionOf(string path)
    {
        var relative = path[Root.Length..];
        foreach (var (glob, version) in Files)
        {
            if (glob.IsMatch(relative)) return version;
        }
        return Version;
    }

    public bool Covers(string path) => path.StartsWith(Root, StringComparison.Ordinal);

    /// <summary>Reads a manifest, adding a located diagnostic for each bad field; null when it is not an object at all.</summary>
    public static PolicyManifest? Parse(PolicyFile file, List<RegoDiagnostic> diagnostics)
    {
        var at = new SourceLocation(file.Path, 1, 1);
        var slash = file.Path.LastIndexOf('/');
        var root = slash < 0 ? "" : file.Path[..(slash + 1)];
        Value document;
        try
        {
            document = ValueJson.Parse(file.Text);
        }
        catch (Exception e) when (e is System.Text.Json.JsonException or FormatException)
        {
            diagnostics.Add(new RegoDiagnostic("rego_parse_error", $"bundle manifest: {e.Message}", at));
            return null;
        }
        if (document is not ObjectValue manifest)
        {
            diagnostics.Add(new RegoDiagnostic("rego_parse_error", "bundle manifest: expected a JSON object", at));
            return null;
        }

        var version = manifest.Get(new StringValue("rego_version")) is { } v ? VersionFrom(v, "rego_version", at, diagnostics) : null;
        var files = new List<(Regex, RegoVersion)>();
        if (manifest.Get(new StringValue("file_rego_versions")) is { } overrides)
        {
            if (overrides is not ObjectValue map)
            {
                diagnostics.Add(new RegoDiagnostic("rego_parse_error", "bundle manifest: file_rego_versions must map path globs to 0 or 1", at));
            }
            else
            {
                for (var i = 0; i < map.Count; i++)
                {
                    if (map.Keys[i] is StringValue glob && VersionFrom(map.Values[i], $"file_rego_versions[\"{glob.Value}\"]", at, diagnostics) is { } fileVersion)
                    {
                        files.Add((GlobRegex(glob.Value), fileVersion));
                    }
                }
            }
        }
        return new PolicyManifest(root, version, files);
    }

    private static RegoVersion? VersionFrom(Value value, string field, SourceLocation at, List<RegoDiagnostic> diagnostics)
    {
        if (value is NumberValue n && n.Equals(NumberValue.FromInt64(0))) return RegoVersion.V0;
        if (value is NumberValue one && one.Equals(NumberValue.FromInt64(1))) return RegoVersion.V1;
        diagnostics.Add(new RegoDiagnostic("rego_parse_error", $"bundle manifest: {field} must be 0 or 1, not {value}", at));
        return null;
    }

    /// <summary>"*" stays within one folder, "**" crosses folders; a leading "/" means the manifest's folder.</summary>
    private static Regex GlobRegex(string glob)
    {
        var pattern = new System.Text.StringBuilder("^");
        var text = glob.TrimStart('/');
        for (var i = 0; i < text.Length; i++)
        {
            if (text[i] == '*' && i + 1 < text.Length && text[i + 1] == '*')
            {
                // "**/" also matches no folder at all, so "**/x.rego" names a root-level x.rego too.
                var slash = i + 2 < text.Length && text[i + 2] == '/';
                pattern.Append(slash ? "(?:.*/)?" : ".*");
                i += slash ? 2 : 1;
            }
            else
            {
                pattern.Append(text[i] switch { '*' => "[^/]*", '?' => "[^/]", _ => Regex.Escape(text[i].ToString()) });
            }
        }
        return new Regex(pattern.Append('$').ToString(), RegexOptions.CultureInvariant);
    }
}
