using GitOpsFleet.Policies.Syntax;

namespace GitOpsFleet.Policies.Formatting;

/// <summary>OPA's canonical formatting of a Rego module, as <c>opa fmt</c> writes it.</summary>
public static class RegoFormatter
{
    /// <summary>
    /// Formats <paramref name="source"/>. A v1 module is written as v1; a v0 module (<paramref name="version"/> V0) is
    /// written in v1 syntax with <c>import rego.v1</c>, which reads the same under <c>--v0-compatible</c>.
    /// </summary>
    /// <exception cref="PolicyCompileException">The module does not parse (<c>rego_parse_error</c> with its location).</exception>
    public static string Format(string source, string file = "", RegoVersion version = RegoVersion.V1)
    {
        try
        {
            var (module, comments) = Parser.ParseForFormat(source, file, version);
            return new ModuleWriter(module, comments, version == RegoVersion.V0).Write();
        }
        catch (RegoSyntaxException e)
        {
            throw new PolicyCompileException([new RegoDiagnostic("rego_parse_error", e.Message, e.Location)]);
        }
    }
}
