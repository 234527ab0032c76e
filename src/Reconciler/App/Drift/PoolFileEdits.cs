using System.Text;

namespace GitOpsFleet.Reconciler.Drift;

/// <summary>
/// The pool files of a drift branch, edited so that merging the pull request makes Git say what the machines do.
/// <see cref="Notes"/> says, per drift that Git cannot express as one value, why its file was left alone.
/// </summary>
internal sealed record PoolFileEdits(IReadOnlyDictionary<string, string> Files, IReadOnlyList<PoolValueEdit> Edits, IReadOnlyList<string> Notes)
{
    public static PoolFileEdits None { get; } = new(new Dictionary<string, string>(), [], []);

    /// <summary>A section for the pull request body, so a reviewer knows what merging changes in Git; empty when there is nothing to say.</summary>
    public string ToMarkdown()
    {
        if (Edits.Count == 0 && Notes.Count == 0) return "";
        var sb = new StringBuilder();
        if (Edits.Count > 0)
        {
            sb.AppendLine("## What merging changes in Git").AppendLine();
            sb.AppendLine("| file | value | Git says | accepted |");
            sb.AppendLine("|---|---|---|---|");
            foreach (var e in Edits) sb.AppendLine($"| {MarkdownText.Cell(e.File)} | {MarkdownText.Code(e.YamlPath)} | {MarkdownText.Cell(e.From)} | {MarkdownText.Cell(e.To)} |");
            sb.AppendLine();
        }
        if (Notes.Count > 0)
        {
            sb.AppendLine("## Reported only").AppendLine();
            foreach (var note in Notes) sb.Append("- ").AppendLine(MarkdownText.Cell(note));
            sb.AppendLine();
        }
        return sb.ToString();
    }
}
