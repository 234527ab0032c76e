namespace GitOpsFleet.Policies.Compilation;

/// <summary>Every error found by one compilation, sorted by location.</summary>
internal sealed class RegoAggregateException(IReadOnlyList<RegoException> errors)
    : Exception(errors.Count == 1 ? errors[0].FullText : $"{errors.Count} errors occurred:\n" + string.Join('\n', errors.Select(e => e.FullText)))
{
    public IReadOnlyList<RegoException> Errors { get; } = errors
        .OrderBy(e => e.Location?.File, StringComparer.Ordinal)
        .ThenBy(e => e.Location?.Line ?? 0)
        .ThenBy(e => e.Location?.Column ?? 0)
        .ToList();
}
