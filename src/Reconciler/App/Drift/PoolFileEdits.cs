namespace GitOpsFleet.Reconciler.Drift;

/// <summary>
/// The pool files of a drift branch, edited so that merging the pull request makes Git say what the machines do.
/// <see cref="Notes"/> says, per drift that Git cannot express as one value, why its file was left alone.
/// </summary>
internal sealed record PoolFileEdits(IReadOnlyDictionary<string, string> Files, IReadOnlyList<PoolValueEdit> Edits, IReadOnlyList<string> Notes)
{
    public static PoolFileEdits None { get; } = new(new Dictionary<string, string>(), [], []);
}
