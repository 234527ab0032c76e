using System.Text;

namespace GitOpsFleet.Reconciler.Drift;

/// <summary>
/// Untrusted text (what machines report: versions, labels, node names) made inert in a pull request body. A forge
/// renders the body as Markdown with inline HTML, so a raw value could inject markup, break a table row, ping people
/// or run on for pages: every such value passes through <see cref="Cell"/>.
/// </summary>
internal static class MarkdownText
{
    public const int MaxLength = 200;

    /// <summary>
    /// An inline code span: Markdown and HTML are not interpreted inside it, so only what ends it (a backtick), a
    /// table cell (a pipe, which GFM splits on even in code) or the line needs handling.
    /// </summary>
    public static string Code(string? text)
    {
        var line = Flatten(text ?? "", out var truncated).Replace('`', '\'').Replace("|", "\\|", StringComparison.Ordinal);
        return $"`{line}{(truncated ? "…" : "")}`";
    }

    /// <summary>One line, at most <see cref="MaxLength"/> characters of the original, with HTML and Markdown escaped.</summary>
    public static string Cell(string? text)
    {
        if (string.IsNullOrEmpty(text)) return "";
        var flat = Flatten(text, out var truncated);
        var sb = new StringBuilder(flat.Length + 16);
        foreach (var c in flat)
        {
            switch (c)
            {
                case '&': sb.Append("&amp;"); break;
                case '<': sb.Append("&lt;"); break;
                case '>': sb.Append("&gt;"); break;
                // An @ would mention a user or team, and a forge notifies them.
                case '@': sb.Append("&#64;"); break;
                case '\\' or '`' or '*' or '_' or '[' or ']' or '(' or ')' or '|' or '~' or '#' or '!':
                    sb.Append('\\').Append(c);
                    break;
                default: sb.Append(c); break;
            }
        }
        if (truncated) sb.Append('…');
        return sb.ToString();
    }

    private static string Flatten(string text, out bool truncated)
    {
        var flat = new StringBuilder(Math.Min(text.Length, MaxLength));
        foreach (var c in text)
        {
            if (flat.Length == MaxLength) break;
            // Newlines would end a table row or start a block; other controls have no business in a body.
            flat.Append(char.IsControl(c) ? ' ' : c);
        }
        truncated = text.Length > flat.Length;
        return flat.ToString();
    }
}
