using System.Globalization;
using System.Text;

namespace GitOpsFleet.Scripting.Worker;

/// <summary>
/// Text that came from a script (log lines, exception messages, query strings) on its way to a terminal, a log or a
/// run record: bounded in length, and every control character escaped, so no script can start a line of its own
/// (a forged count, a forged file name) in anything the host prints.
/// </summary>
internal static class ScriptText
{
    public static string Clean(string? text, int maxLength)
    {
        if (string.IsNullOrEmpty(text)) return "";
        var builder = new StringBuilder(Math.Min(text.Length, maxLength) + 8);
        foreach (var c in text)
        {
            if (builder.Length >= maxLength)
            {
                builder.Append('…');
                break;
            }
            switch (c)
            {
                case '\n': builder.Append("\\n"); break;
                case '\r': builder.Append("\\r"); break;
                case '\t': builder.Append("\\t"); break;
                default:
                    if (char.IsControl(c) || c is '\u2028' or '\u2029' or '\u0085')
                        builder.Append("\\u").Append(((int)c).ToString("x4", CultureInfo.InvariantCulture));
                    else
                        builder.Append(c);
                    break;
            }
        }
        return builder.ToString();
    }
}
