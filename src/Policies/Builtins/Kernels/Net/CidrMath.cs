namespace GitOpsFleet.Policies.Builtins.Kernels.Net;

/// <summary>CIDR containment, expansion and merging.</summary>
internal static class CidrMath
{
    /// <summary>Whether <paramref name="cidr"/> contains an address or a whole prefix given as text.</summary>
    public static bool Contains(string cidr, string cidrOrIp)
    {
        var net = IpNetwork.ParseCidr(cidr);
        if (IpNetwork.TryParseIp(cidrOrIp, out var ip, out var v4))
        {
            return net.Contains(ip, v4);
        }

        return net.Contains(IpNetwork.ParseCidr(cidrOrIp));
    }

    public static bool Intersects(string a, string b) => IpNetwork.ParseCidr(a).Intersects(IpNetwork.ParseCidr(b));

    public static IEnumerable<string> Expand(string cidr, int limit = 1 << 24)
    {
        var net = IpNetwork.ParseCidr(cidr);
        if (net.Last - net.First >= (UInt128)limit)
        {
            throw new FormatException($"CIDR {cidr} is too large to expand");
        }

        for (var ip = net.First; ; ip++)
        {
            yield return IpNetwork.FormatIp(ip, net.IsV4);
            if (ip == net.Last)
            {
                yield break;
            }
        }
    }

    /// <summary>
    /// The smallest set of prefixes covering the given addresses and prefixes, as OPA's net.cidr_merge.
    /// A bare IPv4 address stands for its classful network (Go's DefaultMask: /8, /16 or /24 by the
    /// first octet), and when nothing merges with it, it prints as the address itself over that
    /// length ("192.168.1.1/24"), because OPA prints the network it built without masking it.
    /// A bare IPv6 address has no default mask, so it is an error.
    /// </summary>
    public static List<string> Merge(IEnumerable<string> items)
    {
        var ranges = new List<(UInt128 First, UInt128 Last, bool V4, string? Bare)>();
        foreach (var item in items)
        {
            if (IpNetwork.TryParseIp(item, out var ip, out var v4))
            {
                if (!v4)
                {
                    throw new FormatException("IPv6 invalid: needs prefix length");
                }

                var n = new IpNetwork(ip, ClassfulPrefix(ip), true);
                ranges.Add((n.First, n.Last, true, IpNetwork.FormatIp(ip, true) + "/" + n.PrefixLength.ToString(System.Globalization.CultureInfo.InvariantCulture)));
            }
            else if (IpNetwork.TryParseCidr(item, out var n))
            {
                ranges.Add((n.First, n.Last, n.IsV4, null));
            }
            else
            {
                throw new FormatException($"invalid CIDR address: {item}");
            }
        }

        var result = new List<string>();
        foreach (var family in ranges.GroupBy(r => r.V4).OrderByDescending(g => g.Key))
        {
            var sorted = family.OrderBy(r => r.First).ThenBy(r => r.Last).ToList();

            // Merged is false while a range stands alone; only then may a bare address keep its text.
            var merged = new List<(UInt128 First, UInt128 Last, string? Bare, bool Merged)>();
            foreach (var (first, last, _, bare) in sorted)
            {
                if (merged.Count > 0 && (merged[^1].Last == UInt128.MaxValue || first <= merged[^1].Last + 1))
                {
                    merged[^1] = (merged[^1].First, last > merged[^1].Last ? last : merged[^1].Last, null, true);
                }
                else
                {
                    merged.Add((first, last, bare, false));
                }
            }

            var bits = family.Key ? 32 : 128;
            foreach (var (first, last, bare, wasMerged) in merged)
            {
                if (!wasMerged && bare is not null)
                {
                    result.Add(bare);
                }
                else
                {
                    result.AddRange(ToPrefixes(first, last, bits, family.Key));
                }
            }
        }

        return result;
    }

    private static int ClassfulPrefix(UInt128 v4) => (uint)(v4 >> 24) switch
    {
        < 0x80 => 8,
        < 0xC0 => 16,
        _ => 24,
    };

    private static IEnumerable<string> ToPrefixes(UInt128 first, UInt128 last, int bits, bool v4)
    {
        while (true)
        {
            // Largest aligned block starting at first that does not pass last.
            var size = 0;
            while (size < bits && ((first >> size) & 1) == 0)
            {
                var next = size + 1;
                var blockLast = next == 128 ? UInt128.MaxValue : first + ((UInt128.One << next) - 1);
                if (blockLast > last || (next < 128 && blockLast < first))
                {
                    break;
                }

                size = next;
            }

            yield return new IpNetwork(first, bits - size, v4).ToString();
            var end = size == 128 ? UInt128.MaxValue : first + ((UInt128.One << size) - 1);
            if (end >= last)
            {
                yield break;
            }

            first = end + 1;
        }
    }
}
