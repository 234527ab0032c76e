using System.Text;

namespace GitOpsFleet.Policies.Builtins.Kernels.Aws;

/// <summary>
/// The parts of a URL SigV4 signs, split the way Go's net/url does (host without user info, the
/// path re-escaped only when its written form is not a valid escaping, the query as written).
/// </summary>
internal sealed record SigningUrl(string Host, string EscapedPath, string RawQuery)
{
    public static SigningUrl Parse(string url)
    {
        var rest = url;
        var hash = rest.IndexOf('#', StringComparison.Ordinal);
        if (hash >= 0)
        {
            rest = rest[..hash];
        }

        var query = string.Empty;
        var q = rest.IndexOf('?', StringComparison.Ordinal);
        if (q >= 0)
        {
            query = rest[(q + 1)..];
            rest = rest[..q];
        }

        var host = string.Empty;
        var schemeEnd = SchemeLength(rest);
        if (schemeEnd > 0)
        {
            rest = rest[(schemeEnd + 1)..];
        }

        if (rest.StartsWith("//", StringComparison.Ordinal))
        {
            var authority = rest[2..];
            var slash = authority.IndexOf('/', StringComparison.Ordinal);
            rest = slash >= 0 ? authority[slash..] : string.Empty;
            authority = slash >= 0 ? authority[..slash] : authority;
            var at = authority.LastIndexOf('@');
            host = at >= 0 ? authority[(at + 1)..] : authority;
            if (host.StartsWith('[') && !host.Contains(']', StringComparison.Ordinal))
            {
                throw new FormatException($"parse \"{url}\": missing ']' in host");
            }
        }

        return new SigningUrl(host, EscapePath(rest), query);
    }

    /// <summary>Length of a leading "scheme:" (letters, digits, + - . after a first letter), or 0.</summary>
    private static int SchemeLength(string s)
    {
        for (var i = 0; i < s.Length; i++)
        {
            var c = s[i];
            if (char.IsAsciiLetter(c) || (i > 0 && (char.IsAsciiDigit(c) || c is '+' or '-' or '.')))
            {
                continue;
            }

            return c == ':' && i > 0 ? i : 0;
        }

        return 0;
    }

    private static string EscapePath(string raw)
    {
        if (IsValidEscaping(raw))
        {
            return raw;
        }

        var sb = new StringBuilder();
        foreach (var b in Encoding.UTF8.GetBytes(Unescape(raw)))
        {
            var c = (char)b;
            if (b < 0x80 && (char.IsAsciiLetterOrDigit(c) || "-_.~$&+,/:;=@!'()*".Contains(c, StringComparison.Ordinal)))
            {
                sb.Append(c);
            }
            else
            {
                sb.Append('%').Append(b.ToString("X2", System.Globalization.CultureInfo.InvariantCulture));
            }
        }

        return sb.ToString();
    }

    private static bool IsValidEscaping(string raw)
    {
        for (var i = 0; i < raw.Length; i++)
        {
            var c = raw[i];
            if (c == '%')
            {
                if (i + 2 >= raw.Length || !char.IsAsciiHexDigit(raw[i + 1]) || !char.IsAsciiHexDigit(raw[i + 2]))
                {
                    return false;
                }

                i += 2;
            }
            else if (!(char.IsAsciiLetterOrDigit(c) || "-_.~$&+,/:;=@!'()*[]".Contains(c, StringComparison.Ordinal)))
            {
                return false;
            }
        }

        return true;
    }

    private static string Unescape(string raw)
    {
        try
        {
            return Uri.UnescapeDataString(raw);
        }
        catch (UriFormatException)
        {
            return raw;
        }
    }
}
