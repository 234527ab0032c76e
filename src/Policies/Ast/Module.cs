using GitOpsFleet.Policies.Syntax;

namespace GitOpsFleet.Policies.Ast;

internal sealed class Module(string file, string[] package, SourceLocation packageLocation)
{
    public string File { get; } = file;

    /// <summary>The package path without the leading "data".</summary>
    public string[] Package { get; } = package;

    public SourceLocation PackageLocation { get; } = packageLocation;

    public List<Import> Imports { get; } = [];

    public List<Rule> Rules { get; } = [];

    /// <summary>Package-scoped METADATA annotations, if any.</summary>
    public Values.Value? PackageAnnotations { get; set; }

    /// <summary>Source text, kept for rego.parse_module-like needs and error carets.</summary>
    public string Source { get; set; } = string.Empty;
}
