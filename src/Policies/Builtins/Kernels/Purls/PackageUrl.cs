using System.Text;
using GitOpsFleet.Policies.Builtins.Kernels.Uris;

namespace GitOpsFleet.Policies.Builtins.Kernels.Purls;

/// <summary>
/// A package URL (<c>pkg:type/namespace/name@version?qualifiers#subpath</c>) read as the purl specification's
/// Go library reads it for OPA's purl builtins: the text must be a URL with the <c>pkg</c> scheme; the type is
/// lower-cased; namespace, name and version are percent-decoded path segments (the last <c>/</c> ends the
/// namespace, the last <c>@</c> starts the version); qualifiers keep their order, keys lower-cased and checked,
/// empty values dropped; the subpath is the fragment without outer slashes. A few known types normalise their
/// parts (npm, deb, golang, pypi, ...) and conan, swift and cran require parts.
/// </summary>
internal sealed record PackageUrl(
    string Type,
    string Namespace,
    string Name,
    string Version,
    IReadOnlyList<KeyValuePair<string, string>> Qualifiers,
    string Subpath)
{
    private static readonly HashSet<string> LowerNamespace = ["alpm", "apk", "bitbucket", "composer", "deb", "github", "golang", "npm", "rpm", "qpkg"];
    private static readonly HashSet<string> LowerName = ["alpm", "apk", "bitbucket", "composer", "deb", "github", "golang", "npm"];

    /// <exception cref="FormatException">Saying why the text is not a package URL.</exception>
    public static PackageUrl Parse(string raw)
    {
        GoUrl url;
        try
        {
            url = GoUrl.Parse(raw);
        }
        catch (FormatException e)
        {
            throw new FormatException($"failed to parse as URL: {e.Message}");
        }

        if (url.Scheme != "pkg")
        {
            throw new FormatException($"purl scheme is not \"pkg\": \"{url.Scheme}\"");
        }

        // Go keeps "pkg:npm/x" as an opaque rest; "pkg:/npm/x" and "pkg://npm/x" come as host and path instead.
        var main = raw.Split('#', 2)[0];
        var rest = main[(main.IndexOf(':', StringComparison.Ordinal) + 1)..].Split('?', 2)[0];
        var p = rest.StartsWith('/') ? CleanPath(url.Host + "/" + url.Path).TrimStart('/') : rest;

        var slash = p.IndexOf('/', StringComparison.Ordinal);
        if (slash < 0)
        {
            throw new FormatException("purl is missing type or name");
        }

        var type = p[..slash].ToLowerInvariant();
        var qualifiers = ParseQualifiers(url.RawQuery);
        var (ns, name, version) = SplitPath(p[(slash + 1)..]);
        if (LowerNamespace.Contains(type))
        {
            ns = ns.ToLowerInvariant();
        }

        name = type switch
        {
            _ when LowerName.Contains(type) => name.ToLowerInvariant(),
            "pypi" => name.Replace('_', '-').ToLowerInvariant(),
            "mlflow" when Qualifier(qualifiers, "repository_url") is { } repo && !repo.Contains("azureml", StringComparison.Ordinal)
                && repo.Contains("databricks", StringComparison.Ordinal) => name.ToLowerInvariant(),
            _ => name,
        };
        if (type == "huggingface")
        {
            version = version.ToLowerInvariant();
        }

        var purl = new PackageUrl(type, ns, name, version, qualifiers, url.Fragment.Trim('/'));
        purl.CheckTypeRules();
        return purl;
    }

    private static string? Qualifier(IReadOnlyList<KeyValuePair<string, string>> qualifiers, string key) =>
        qualifiers.LastOrDefault(q => q.Key == key) is { Key: not null } found ? found.Value : null;

    private void CheckTypeRules()
    {
        var channel = Qualifier(Qualifiers, "channel");
        switch (Type)
        {
            case "conan" when Namespace.Length > 0 && channel is null:
                throw new FormatException("channel qualifier does not exist");
            case "conan" when Namespace.Length == 0 && channel is { Length: > 0 }:
                throw new FormatException("namespace is required if channel is non empty");
            case "swift" when Namespace.Length == 0:
                throw new FormatException("namespace is required");
            case "swift" or "cran" when Version.Length == 0:
                throw new FormatException("version is required");
        }
    }

    private static (string Namespace, string Name, string Version) SplitPath(string path)
    {
        var ns = string.Empty;
        var name = path;
        var version = string.Empty;
        var slash = name.LastIndexOf('/');
        if (slash >= 0)
        {
            ns = GoUrl.Unescape(name[..slash], host: false);
            name = name[(slash + 1)..];
        }

        var at = name.LastIndexOf('@');
        if (at >= 0)
        {
            version = GoUrl.Unescape(name[(at + 1)..], host: false);
            name = name[..at];
        }

        name = GoUrl.Unescape(name, host: false);
        if (name.Length == 0)
        {
            throw new FormatException("purl is missing name");
        }

        return (ns, name, version);
    }

    private static List<KeyValuePair<string, string>> ParseQualifiers(string rawQuery)
    {
        var list = new List<KeyValuePair<string, string>>();
        foreach (var item in rawQuery.Split('&'))
        {
            if (item.Length == 0)
            {
                continue;
            }

            var eq = item.IndexOf('=', StringComparison.Ordinal);
            var key = QueryUnescape(eq < 0 ? item : item[..eq]);
            var value = eq < 0 ? string.Empty : QueryUnescape(item[(eq + 1)..]);
            if (!ValidKey(key))
            {
                throw new FormatException($"invalid qualifiers: invalid qualifier key: '{key}'");
            }

            if (value.Length > 0)
            {
                list.Add(new(key.ToLowerInvariant(), value));
            }
        }

        return list;
    }

    private static string QueryUnescape(string s) => GoUrl.Unescape(s.Replace('+', ' '), host: false);

    /// <summary>ASCII letters, digits, '.', '-' and '_', not starting with a digit.</summary>
    private static bool ValidKey(string key) =>
        key.Length > 0 && !char.IsAsciiDigit(key[0]) && key.All(c => char.IsAsciiLetterOrDigit(c) || c is '.' or '-' or '_');

    /// <summary>Go's path.Clean: one slash between segments, "." dropped, ".." removing its parent.</summary>
    private static string CleanPath(string path)
    {
        var rooted = path.StartsWith('/');
        var parts = new List<string>();
        foreach (var seg in path.Split('/'))
        {
            if (seg.Length == 0 || seg == ".")
            {
                continue;
            }

            if (seg == ".." && parts.Count > 0 && parts[^1] != "..")
            {
                parts.RemoveAt(parts.Count - 1);
            }
            else if (seg != ".." || !rooted)
            {
                parts.Add(seg);
            }
        }

        var sb = new StringBuilder(rooted ? "/" : string.Empty).AppendJoin('/', parts);
        return sb.Length == 0 ? "." : sb.ToString();
    }
}
