using GitOpsFleet.Policies.Ast;

namespace GitOpsFleet.Policies.Compilation;

/// <summary>Strict mode (as <c>opa check --strict</c>): imports that repeat a name or are never used are errors.</summary>
internal sealed partial class Compiler
{
    private readonly HashSet<(Module Module, string Name)> _usedImports = [];

    private void CheckImports(IReadOnlyList<Module> modules)
    {
        foreach (var m in modules)
        {
            var seen = new Dictionary<string, Import>(StringComparer.Ordinal);
            foreach (var imp in m.Imports)
            {
                // future.keywords and rego.v1 imports switch syntax on; they name nothing a rule could use.
                if (imp.Path[0] is not ("data" or "input"))
                {
                    continue;
                }

                if (seen.TryGetValue(imp.Name, out var first))
                {
                    _errors.Add(new RegoException("rego_compile_error", $"import {string.Join('.', imp.Path)} repeats the name {imp.Name} imported on line {first.Location.Line}", imp.Location));
                    continue;
                }

                seen[imp.Name] = imp;
                if (!_usedImports.Contains((m, imp.Name)))
                {
                    _errors.Add(new RegoException("rego_compile_error", $"import {string.Join('.', imp.Path)} is never used", imp.Location));
                }
            }
        }
    }
}
