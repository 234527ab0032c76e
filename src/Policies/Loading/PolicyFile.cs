namespace GitOpsFleet.Policies.Loading;

/// <summary>What a file contributes to a policy: a Rego module, or a data document at a path under <c>data</c>.</summary>
public enum PolicyFileKind
{
    Module,
    Data,

    /// <summary>A bundle's <c>.manifest</c>: its <c>rego_version</c> and <c>file_rego_versions</c> set how modules under its folder parse.</summary>
    Manifest,
}

/// <summary>
/// One file of a policy, wherever it was read from (a folder, a Git tree, a command line). <see cref="Path"/> is what
/// diagnostics name; <see cref="DataPath"/> is where a data document sits under <c>data</c> ("a/b" for data.a.b).
/// </summary>
public sealed record PolicyFile(string Path, string Text, PolicyFileKind Kind, string DataPath = "")
{
    /// <summary>
    /// A file found in a policy tree, by OPA's rules: every <c>.rego</c> file is a module, and <c>data.json</c>,
    /// <c>data.yaml</c> or <c>data.yml</c> is a data document at the folder it sits in, and <c>.manifest</c> a bundle manifest. Null for anything else.
    /// </summary>
    public static PolicyFile? FromTree(string relativePath, string text)
    {
        ArgumentNullException.ThrowIfNull(relativePath);
        var path = relativePath.Replace('\\', '/');
        var slash = path.LastIndexOf('/');
        var name = slash < 0 ? path : path[(slash + 1)..];
        if (name.EndsWith(".rego", StringComparison.Ordinal)) return new PolicyFile(path, text, PolicyFileKind.Module);
        if (name == ".manifest") return new PolicyFile(path, text, PolicyFileKind.Manifest);
        if (name is "data.json" or "data.yaml" or "data.yml") return new PolicyFile(path, text, PolicyFileKind.Data, slash < 0 ? "" : path[..slash]);
        return null;
    }

    public bool IsTest => Kind == PolicyFileKind.Module && Path.EndsWith("_test.rego", StringComparison.Ordinal);
}
