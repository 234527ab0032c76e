using System.Text.RegularExpressions;
using GitOpsFleet.Policies.Builtins.Kernels.Net;
using GitOpsFleet.Policies.Builtins.Kernels.Patterns;
using GitOpsFleet.Policies.Values;

namespace GitOpsFleet.Policies.Builtins.Kernels.JsonSchema;

/// <summary>
/// The "format" checks gojsonschema knows; an unknown format and a non-string value always pass.
/// Dates and times follow Go's time.Parse with the layouts gojsonschema tries (so "date-time" also
/// accepts a bare date or time), addresses follow Go's net.ParseIP, URIs Go's url.Parse.
/// </summary>
internal static partial class SchemaFormats
{
    public static bool IsFormat(string format, Value value)
    {
        if (value is not StringValue sv)
        {
            return true;
        }

        var s = sv.Value;
        return format switch
        {
            "date" => IsDate(s),
            "time" => IsTime(s, withZone: true) || IsTime(s, withZone: false),
            "date-time" => IsTime(s, withZone: false) || IsTime(s, withZone: true) || IsDate(s) || IsDateTime(s),
            "hostname" => Hostname().IsMatch(s) && s.Length < 256,
            "email" or "idn-email" => IsEmail(s),
            "ipv4" => IpNetwork.TryParseIp(s, out _, out _) && s.Contains('.', StringComparison.Ordinal),
            "ipv6" => IpNetwork.TryParseIp(s, out _, out _) && s.Contains(':', StringComparison.Ordinal),
            "uri" or "iri" => TryParseUrl(s, out var scheme, out _) && scheme.Length > 0 && !s.Contains('\\', StringComparison.Ordinal),
            "uri-reference" or "iri-reference" => TryParseUrl(s, out _, out _) && !s.Contains('\\', StringComparison.Ordinal),
            "uri-template" => TryParseUrl(s, out _, out var path) && !s.Contains('\\', StringComparison.Ordinal) && UriTemplate().IsMatch(path),
            "uuid" => Uuid().IsMatch(s),
            "regex" => s.Length == 0 || Re2Translator.IsValid(s),
            "json-pointer" => JsonPointer().IsMatch(s),
            "relative-json-pointer" => RelativeJsonPointer().IsMatch(s),
            _ => true,
        };
    }

    /// <summary>Go layout "2006-01-02": four-digit year, two-digit month and day, the day existing in that month.</summary>
    private static bool IsDate(string s) =>
        DateOnlyPattern().Match(s) is { Success: true } m && ValidDate(m.Groups[1].Value, m.Groups[2].Value, m.Groups[3].Value);

    /// <summary>Go layouts "15:04:05" and "15:04:05Z07:00" (a fraction of a second is accepted after the seconds).</summary>
    private static bool IsTime(string s, bool withZone)
    {
        var m = (withZone ? TimeWithZone() : TimeOnly()).Match(s);
        return m.Success && ValidClock(m.Groups[1].Value, m.Groups[2].Value, m.Groups[3].Value) && (!withZone || ValidZone(m.Groups[4].Value));
    }

    /// <summary>RFC 3339 as Go parses it (time.RFC3339 and RFC3339Nano).</summary>
    private static bool IsDateTime(string s)
    {
        var m = DateTime().Match(s);
        return m.Success && ValidDate(m.Groups[1].Value, m.Groups[2].Value, m.Groups[3].Value)
            && ValidClock(m.Groups[4].Value, m.Groups[5].Value, m.Groups[6].Value) && ValidZone(m.Groups[7].Value);
    }

    private static bool ValidDate(string year, string month, string day)
    {
        var y = int.Parse(year, System.Globalization.CultureInfo.InvariantCulture);
        var mo = int.Parse(month, System.Globalization.CultureInfo.InvariantCulture);
        var d = int.Parse(day, System.Globalization.CultureInfo.InvariantCulture);
        return mo is >= 1 and <= 12 && d >= 1 && d <= System.DateTime.DaysInMonth(Math.Max(y, 1), mo);
    }

    private static bool ValidClock(string hour, string minute, string second) =>
        int.Parse(hour, System.Globalization.CultureInfo.InvariantCulture) < 24
        && int.Parse(minute, System.Globalization.CultureInfo.InvariantCulture) < 60
        && int.Parse(second, System.Globalization.CultureInfo.InvariantCulture) < 60;

    private static bool ValidZone(string zone) =>
        zone == "Z" || (int.Parse(zone.AsSpan(1, 2), System.Globalization.CultureInfo.InvariantCulture) < 24
            && int.Parse(zone.AsSpan(4, 2), System.Globalization.CultureInfo.InvariantCulture) < 60);

    /// <summary>An address in the forms Go's net/mail accepts most often: "local@domain" or "Name &lt;local@domain&gt;".</summary>
    private static bool IsEmail(string s)
    {
        var address = s.Trim();
        var lt = address.IndexOf('<', StringComparison.Ordinal);
        if (lt >= 0)
        {
            if (!address.EndsWith('>'))
            {
                return false;
            }

            address = address[(lt + 1)..^1];
        }

        return Email().IsMatch(address);
    }

    /// <summary>The checks of Go's url.Parse that a string can fail: control characters, bad escapes, a colon in a first relative segment, a malformed host.</summary>
    private static bool TryParseUrl(string s, out string scheme, out string path)
    {
        scheme = string.Empty;
        path = string.Empty;
        if (s.Any(c => c < 0x20 || c == 0x7f) || BadEscape().IsMatch(s))
        {
            return false;
        }

        var rest = s;
        var hash = rest.IndexOf('#', StringComparison.Ordinal);
        if (hash >= 0)
        {
            rest = rest[..hash];
        }

        var q = rest.IndexOf('?', StringComparison.Ordinal);
        if (q >= 0)
        {
            rest = rest[..q];
        }

        var sm = Scheme().Match(rest);
        if (sm.Success)
        {
            scheme = sm.Groups[1].Value;
            rest = rest[sm.Length..];
        }
        else if (rest.StartsWith(':'))
        {
            return false;
        }
        else
        {
            var firstSegment = rest.Split('/')[0];
            if (firstSegment.Contains(':', StringComparison.Ordinal))
            {
                return false;
            }
        }

        if (rest.StartsWith("//", StringComparison.Ordinal))
        {
            var authority = rest[2..];
            var slash = authority.IndexOf('/', StringComparison.Ordinal);
            path = slash >= 0 ? authority[slash..] : string.Empty;
            authority = slash >= 0 ? authority[..slash] : authority;
            var host = authority[(authority.LastIndexOf('@') + 1)..];
            if (host.Contains(' ', StringComparison.Ordinal) || (host.StartsWith('[') && !host.Contains(']', StringComparison.Ordinal)))
            {
                return false;
            }

            var port = host.StartsWith('[') ? host[(host.IndexOf(']', StringComparison.Ordinal) + 1)..] : host.Contains(':', StringComparison.Ordinal) ? host[host.IndexOf(':', StringComparison.Ordinal)..] : string.Empty;
            if (port.Length > 0 && !Port().IsMatch(port))
            {
                return false;
            }
        }
        else
        {
            path = rest;
        }

        return true;
    }

    [GeneratedRegex(@"^([a-zA-Z0-9]|[a-zA-Z0-9][a-zA-Z0-9\-]{0,61}[a-zA-Z0-9])(\.([a-zA-Z0-9]|[a-zA-Z0-9][a-zA-Z0-9\-]{0,61}[a-zA-Z0-9]))*$")]
    private static partial Regex Hostname();

    [GeneratedRegex(@"^([^{]*(\{[^}]*\})?)*$")]
    private static partial Regex UriTemplate();

    [GeneratedRegex(@"^(?i)[a-f0-9]{8}-[a-f0-9]{4}-[a-f0-9]{4}-[a-f0-9]{4}-[a-f0-9]{12}$")]
    private static partial Regex Uuid();

    [GeneratedRegex(@"^(?:/(?:[^~/]|~0|~1)*)*$")]
    private static partial Regex JsonPointer();

    [GeneratedRegex(@"^(?:0|[1-9][0-9]*)(?:#|(?:/(?:[^~/]|~0|~1)*)*)$")]
    private static partial Regex RelativeJsonPointer();

    [GeneratedRegex(@"^([0-9]{4})-([0-9]{2})-([0-9]{2})$")]
    private static partial Regex DateOnlyPattern();

    [GeneratedRegex(@"^([0-9]{2}):([0-9]{2}):([0-9]{2})(?:[.,][0-9]+)?$")]
    private static partial Regex TimeOnly();

    [GeneratedRegex(@"^([0-9]{2}):([0-9]{2}):([0-9]{2})(?:[.,][0-9]+)?(Z|[+-][0-9]{2}:[0-9]{2})$")]
    private static partial Regex TimeWithZone();

    [GeneratedRegex(@"^([0-9]{4})-([0-9]{2})-([0-9]{2})T([0-9]{2}):([0-9]{2}):([0-9]{2})(?:\.[0-9]+)?(Z|[+-][0-9]{2}:[0-9]{2})$")]
    private static partial Regex DateTime();

    [GeneratedRegex(@"^[^\s@<>()\[\]\\,;:""]+(\.[^\s@<>()\[\]\\,;:""]+)*@[^\s@<>()\\,;:""]+$")]
    private static partial Regex Email();

    [GeneratedRegex(@"%(?![0-9a-fA-F]{2})")]
    private static partial Regex BadEscape();

    [GeneratedRegex(@"^([a-zA-Z][a-zA-Z0-9+.\-]*):")]
    private static partial Regex Scheme();

    [GeneratedRegex(@"^:[0-9]*$")]
    private static partial Regex Port();
}
