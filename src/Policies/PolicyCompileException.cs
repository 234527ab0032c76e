namespace GitOpsFleet.Policies;

/// <summary>Policies that do not parse or compile; <see cref="Diagnostics"/> lists every problem, sorted by location.</summary>
public sealed class PolicyCompileException(IReadOnlyList<RegoDiagnostic> diagnostics)
    : Exception(string.Join(Environment.NewLine, diagnostics.Select(d => d.ToString())))
{
    public IReadOnlyList<RegoDiagnostic> Diagnostics { get; } = diagnostics;
}
