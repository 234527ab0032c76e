using GitOpsFleet.Model;

namespace GitOpsFleet.Loading;

/// <summary>
/// The outcome of loading one commit. <see cref="Fleet"/> is null whenever any error was found, so a fleet
/// that does not load can never be mistaken for an empty one. Diagnostics are sorted by file, line and column.
/// </summary>
public sealed record FleetLoadResult(FleetSpec? Fleet, IReadOnlyList<Diagnostic> Diagnostics)
{
    public bool Succeeded => Fleet is not null && !HasErrors;

    public bool HasErrors => Diagnostics.Any(d => d.Severity == DiagnosticSeverity.Error);
}
