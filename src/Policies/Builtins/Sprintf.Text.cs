using System.Globalization;
using System.Text;

namespace GitOpsFleet.Policies.Builtins;

/// <summary>Go's quoting and hex dumping of strings and code points, as fmt's %q and %x print them.</summary>
internal static partial class Sprintf
{
    /// <summary>Go's %q of a string: double-quoted with Go escapes.</summary>
    private static string Quote(string s)
    {
        var sb = new StringBuilder("\"");
        foreach (var r in s.EnumerateRunes())
        {
            AppendEscaped(sb, r.Value, '"');
        }

        return sb.Append('"').ToString();
    }

    /// <summary>Go's %q of an integer: the code point as a single-quoted character literal.</summary>
    private static string QuoteRune(int codePoint)
    {
        var sb = new StringBuilder("'");
        AppendEscaped(sb, Rune.IsValid(codePoint) ? codePoint : 0xFFFD, '\'');
        return sb.Append('\'').ToString();
    }

    /// <summary>strconv's escaping: the quote and backslash escaped, C escapes, \x for other ASCII controls,
    /// \u or \U for code points that do not print.</summary>
    private static void AppendEscaped(StringBuilder sb, int r, char quote)
    {
        switch (r)
        {
            case '\\': sb.Append("\\\\"); return;
            case '\a': sb.Append("\\a"); return;
            case '\b': sb.Append("\\b"); return;
            case '\f': sb.Append("\\f"); return;
            case '\n': sb.Append("\\n"); return;
            case '\r': sb.Append("\\r"); return;
            case '\t': sb.Append("\\t"); return;
            case '\v': sb.Append("\\v"); return;
        }

        if (r == quote)
        {
            sb.Append('\\').Append(quote);
        }
        else if (r < 0x20 || r == 0x7f)
        {
            sb.Append("\\x").Append(r.ToString("x2", CultureInfo.InvariantCulture));
        }
        else if (r >= 0x80 && IsUnprintable(new Rune(r)))
        {
            sb.Append(r < 0x10000 ? "\\u" + r.ToString("x4", CultureInfo.InvariantCulture) : "\\U" + r.ToString("x8", CultureInfo.InvariantCulture));
        }
        else
        {
            sb.Append(new Rune(r).ToString());
        }
    }

    private static bool IsUnprintable(Rune r) => r.Value != 0x20 && Rune.GetUnicodeCategory(r) is UnicodeCategory.Control or UnicodeCategory.Format
        or UnicodeCategory.OtherNotAssigned or UnicodeCategory.PrivateUse or UnicodeCategory.LineSeparator or UnicodeCategory.ParagraphSeparator
        or UnicodeCategory.SpaceSeparator or UnicodeCategory.Surrogate;

    /// <summary>Go's %x/%X of a string: its bytes in hex; the space flag separates bytes, # prefixes 0x to each group.</summary>
    private static string HexBytes(byte[] bytes, bool upper, bool space, bool sharp)
    {
        var prefix = sharp ? (upper ? "0X" : "0x") : string.Empty;
        var sb = new StringBuilder();
        for (var i = 0; i < bytes.Length; i++)
        {
            if (space && i > 0)
            {
                sb.Append(' ');
            }

            if (i == 0 || space)
            {
                sb.Append(prefix);
            }

            sb.Append(bytes[i].ToString(upper ? "X2" : "x2", CultureInfo.InvariantCulture));
        }

        return sb.ToString();
    }
}
