using System.Text;

namespace GitOpsFleet.Policies.Builtins.Kernels.Uris;

/// <summary>
/// A URL split and checked as Go's net/url Parse does, which is what uri.parse and uri.is_valid
/// report: the scheme lower-cased, an opaque rest ("mailto:x") carrying no path, the path and
/// fragment percent-decoded (a bad escape is an error), and the host checked for its characters and
/// port. Only the parts OPA reports are kept.
/// </summary>
internal sealed record GoUrl(string Scheme, string Host, string Path, string RawPath, string RawQuery, string Fragment)
{
    /// <summary>The host without port and without IPv6 brackets, as Go's URL.Hostname.</summary>
    public string Hostname => SplitHostPort(Host).Host;

    /// <summary>The port digits, or empty, as Go's URL.Port.</summary>
    public string Port => SplitHostPort(Host).Port;

    /// <exception cref="FormatException">With Go's reason when the text is not a URL.</exception>
    public static GoUrl Parse(string raw)
    {
        var hash = raw.IndexOf('#', StringComparison.Ordinal);
        var main = hash < 0 ? raw : raw[..hash];
        var fragment = hash < 0 ? string.Empty : Unescape(raw[(hash + 1)..], host: false);
        if (main.Any(c => c < 0x20 || c == 0x7f))
        {
            throw new FormatException("net/url: invalid control character in URL");
        }

        if (main == "*")
        {
            return new GoUrl(string.Empty, string.Empty, "*", string.Empty, string.Empty, fragment);
        }

        var (scheme, rest) = SplitScheme(main);
        var query = string.Empty;
        if (rest.EndsWith('?') && rest.Count(c => c == '?') == 1)
        {
            rest = rest[..^1];
        }
        else
        {
            var q = rest.IndexOf('?', StringComparison.Ordinal);
            if (q >= 0)
            {
                query = rest[(q + 1)..];
                rest = rest[..q];
            }
        }

        if (!rest.StartsWith('/'))
        {
            if (scheme.Length > 0)
            {
                // An opaque URL: nothing after the scheme is a path.
                return new GoUrl(scheme, string.Empty, string.Empty, string.Empty, query, fragment);
            }

            var slash = rest.IndexOf('/', StringComparison.Ordinal);
            if ((slash < 0 ? rest : rest[..slash]).Contains(':', StringComparison.Ordinal))
            {
                throw new FormatException("first path segment in URL cannot contain colon");
            }
        }

        var host = string.Empty;
        if (rest.StartsWith("//", StringComparison.Ordinal) && (scheme.Length > 0 || !rest.StartsWith("///", StringComparison.Ordinal)))
        {
            var end = rest.IndexOf('/', 2);
            var authority = end < 0 ? rest[2..] : rest[2..end];
            rest = end < 0 ? string.Empty : rest[end..];
            host = ParseAuthority(authority);
        }

        var path = Unescape(rest, host: false);
        var rawPath = EscapePath(path) == rest ? string.Empty : rest;
        return new GoUrl(scheme, host, path, rawPath, query, fragment);
    }

    private static (string Scheme, string Remainder) SplitScheme(string s)
    {
        for (var i = 0; i < s.Length; i++)
        {
            var c = s[i];
            if (char.IsAsciiLetter(c))
            {
                continue;
            }

            if (char.IsAsciiDigit(c) || c is '+' or '-' or '.')
            {
                if (i == 0)
                {
                    return (string.Empty, s);
                }

                continue;
            }

            if (c == ':')
            {
                return i == 0 ? throw new FormatException("missing protocol scheme") : (s[..i].ToLowerInvariant(), s[(i + 1)..]);
            }

            return (string.Empty, s);
        }

        return (string.Empty, s);
    }

    private static string ParseAuthority(string authority)
    {
        var at = authority.LastIndexOf('@');
        if (at >= 0 && authority[..at].Any(c => !IsUserinfoChar(c)))
        {
            throw new FormatException("net/url: invalid userinfo");
        }

        var host = at < 0 ? authority : authority[(at + 1)..];
        string colonPort;
        if (host.StartsWith('['))
        {
            var close = host.LastIndexOf(']');
            if (close < 0)
            {
                throw new FormatException("missing ']' in host");
            }

            colonPort = host[(close + 1)..];
        }
        else
        {
            var colon = host.LastIndexOf(':');
            colonPort = colon < 0 ? string.Empty : host[colon..];
        }

        if (!ValidOptionalPort(colonPort))
        {
            throw new FormatException($"invalid port \"{colonPort}\" after host");
        }

        return Unescape(host, host: true);
    }

    private static bool IsUserinfoChar(char c) =>
        char.IsAsciiLetterOrDigit(c) || c >= 0x80 || "-._:~!$&'()*+,;=%@".Contains(c, StringComparison.Ordinal);

    private static bool ValidOptionalPort(string port) =>
        port.Length == 0 || (port[0] == ':' && port.Skip(1).All(char.IsAsciiDigit));

    private static (string Host, string Port) SplitHostPort(string hostPort)
    {
        var host = hostPort;
        var port = string.Empty;
        var colon = host.LastIndexOf(':');
        if (colon >= 0 && ValidOptionalPort(host[colon..]))
        {
            port = host[(colon + 1)..];
            host = host[..colon];
        }

        if (host.StartsWith('[') && host.EndsWith(']'))
        {
            host = host[1..^1];
        }

        return (host, port);
    }

    /// <summary>Percent-decoding that refuses malformed escapes, and in a host the characters Go refuses there.</summary>
    internal static string Unescape(string s, bool host)
    {
        var bytes = new List<byte>(s.Length);
        for (var i = 0; i < s.Length; i++)
        {
            var c = s[i];
            if (c == '%')
            {
                if (i + 2 >= s.Length || !char.IsAsciiHexDigit(s[i + 1]) || !char.IsAsciiHexDigit(s[i + 2]))
                {
                    var bad = s[i..Math.Min(i + 3, s.Length)];
                    throw new FormatException($"invalid URL escape \"{bad}\"");
                }

                bytes.Add(Convert.ToByte(s.Substring(i + 1, 2), 16));
                i += 2;
                continue;
            }

            if (host && c < 0x80 && !char.IsAsciiLetterOrDigit(c) && !"-_.~!$&'()*+,;=:[]<>\"".Contains(c, StringComparison.Ordinal))
            {
                throw new FormatException($"invalid character \"{c}\" in host name");
            }

            bytes.AddRange(Encoding.UTF8.GetBytes(c.ToString()));
        }

        return Encoding.UTF8.GetString(bytes.ToArray());
    }

    /// <summary>Go's escape in path mode: what a decoded path would be written as.</summary>
    private static string EscapePath(string path)
    {
        var sb = new StringBuilder();
        foreach (var b in Encoding.UTF8.GetBytes(path))
        {
            var c = (char)b;
            if (b < 0x80 && (char.IsAsciiLetterOrDigit(c) || "-_.~$&+,/:;=@".Contains(c, StringComparison.Ordinal)))
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
}
