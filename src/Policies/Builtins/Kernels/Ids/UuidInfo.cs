using System.Globalization;

namespace GitOpsFleet.Policies.Builtins.Kernels.Ids;

/// <summary>uuid.parse: the fields of an RFC 4122 UUID written dashed, braced, as a URN or as 32 hex digits.</summary>
internal static class UuidInfo
{
    // 100-ns intervals between the Gregorian reform (1582-10-15) and the Unix epoch.
    private const long GregorianToUnix = 0x01B21DD213814000;

    public static bool TryParse(string text, out byte[] bytes)
    {
        bytes = [];
        var s = text;
        if (s.StartsWith("urn:uuid:", StringComparison.OrdinalIgnoreCase))
        {
            s = s[9..];
        }
        else if (s.Length == 38 && s[0] == '{' && s[^1] == '}')
        {
            s = s[1..^1];
        }

        if (s.Length == 36)
        {
            if (s[8] != '-' || s[13] != '-' || s[18] != '-' || s[23] != '-')
            {
                return false;
            }

            s = s.Replace("-", "", StringComparison.Ordinal);
        }

        if (s.Length != 32 || !s.All(char.IsAsciiHexDigit))
        {
            return false;
        }

        bytes = Convert.FromHexString(s);
        return true;
    }

    /// <summary>Field name to value (string, long or int); version 1 and 2 UUIDs add time, clock sequence and node.</summary>
    public static SortedDictionary<string, object> Describe(byte[] b)
    {
        var version = b[6] >> 4;
        var variant = (b[8] & 0xc0) == 0x80 ? "RFC4122" : (b[8] & 0x80) == 0 ? "Reserved" : (b[8] & 0xe0) == 0xc0 ? "Microsoft" : "Future";
        var result = new SortedDictionary<string, object>(StringComparer.Ordinal) { ["version"] = version, ["variant"] = variant };
        if (version is 1 or 2)
        {
            long timeLow = (uint)((b[0] << 24) | (b[1] << 16) | (b[2] << 8) | b[3]);
            long timeMid = (b[4] << 8) | b[5];
            long timeHi = ((b[6] << 8) | b[7]) & 0x0fff;
            var ticks = timeLow | (timeMid << 32) | (timeHi << 48);
            result["time"] = (ticks - GregorianToUnix) * 100;
            result["clocksequence"] = ((b[8] & 0x3f) << 8) | b[9];
            result["nodeid"] = string.Join('-', b[10..16].Select(x => x.ToString("x2", CultureInfo.InvariantCulture)));
            result["macvariables"] = ((b[10] & 2) != 0 ? "local" : "global") + ":" + ((b[10] & 1) != 0 ? "multicast" : "unicast");
            if (version == 2)
            {
                result["id"] = timeLow;
                result["domain"] = b[9] switch { 0 => "Person", 1 => "Group", 2 => "Org", var d => "Domain" + d.ToString(CultureInfo.InvariantCulture) };
            }
        }

        return result;
    }
}
