using System.Text;
using GitOpsFleet.Policies;
using GitOpsFleet.Policies.Formatting;

namespace GitOpsFleet.Fuzz.Targets;

/// <summary>
/// The Rego lexer, parser and compiler through the public facade, as <c>gitopsfleet policy check</c> and
/// <c>policy fmt</c> call them. The first byte picks the Rego version (odd: v0), the rest is one module.
/// </summary>
internal sealed class RegoTarget : FuzzTarget
{
    public override string Name => "rego";

    public override string Description => "Rego lexer + parser + compiler (PolicyEngine.Check, RegoFormatter.Format)";

    public override void Run(ReadOnlySpan<byte> input)
    {
        var version = !input.IsEmpty && (input[0] & 1) == 1 ? RegoVersion.V0 : RegoVersion.V1;
        var text = Encoding.UTF8.GetString(input.IsEmpty ? input : input[1..]);
        var source = new RegoSource("fuzz.rego", text) { Version = version };

        // Check reports every parse and compile error as data; it throws nothing by contract.
        var diagnostics = PolicyEngine.Check([source], strict: (input.Length & 1) == 1);
        foreach (var d in diagnostics)
        {
            if (d.Location is not { Line: > 0 })
            {
                throw new FuzzContractException($"diagnostic without a location: {d}");
            }
        }

        if (diagnostics.Any(d => d.Code == "rego_parse_error"))
        {
            return;
        }

        // A module that parses formats, and what the formatter writes parses again.
        string formatted;
        try
        {
            formatted = RegoFormatter.Format(text, "fuzz.rego", version);
        }
        catch (PolicyCompileException e)
        {
            throw new FuzzContractException($"a module that parses does not format: {string.Join("; ", e.Diagnostics)}");
        }

        var again = PolicyEngine.Check([source with { Text = formatted }]);
        if (again.FirstOrDefault(d => d.Code == "rego_parse_error") is { } bad)
        {
            throw new FuzzContractException($"formatted module does not parse: {bad}\n--- formatted:\n{formatted}");
        }
    }
}
