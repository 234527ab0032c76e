using System.Globalization;
using System.Net;
using System.Net.Sockets;

namespace GitOpsFleet.Policies.Builtins.Kernels.Net;

/// <summary>An IPv4 or IPv6 prefix as a 128-bit number, parsed as strictly as Go's net.ParseCIDR / net.ParseIP.</summary>
internal readonly record struct IpNetwork(UInt128 Address, int PrefixLength, bool IsV4)
{
    public int Bits => IsV4 ? 32 : 128;

    public UInt128 First => Address & Mask;

    public UInt128 Last => First | ~Mask & (IsV4 ? uint.MaxValue : UInt128.MaxValue);

    private UInt128 Mask => PrefixLength == 0 ? UInt128.Zero : (IsV4 ? (UInt128)(uint.MaxValue << (32 - PrefixLength)) : UInt128.MaxValue << (128 - PrefixLength));

    public bool Contains(UInt128 ip, bool v4) => v4 == IsV4 && ip >= First && ip <= Last;

    public bool Contains(IpNetwork other) => other.IsV4 == IsV4 && other.First >= First && other.Last <= Last;

    public bool Intersects(IpNetwork other) => other.IsV4 == IsV4 && other.First <= Last && First <= other.Last;

    public static bool TryParseCidr(string text, out IpNetwork network)
    {
        network = default;
        var slash = text.IndexOf('/', StringComparison.Ordinal);
        if (slash < 0 || !TryParseIp(text[..slash], out var ip, out var v4))
        {
            return false;
        }

        var prefix = text[(slash + 1)..];
        if (prefix.Length == 0 || prefix.Length > 3 || !prefix.All(char.IsAsciiDigit) || (prefix.Length > 1 && prefix[0] == '0'))
        {
            return false;
        }

        var len = int.Parse(prefix, CultureInfo.InvariantCulture);
        if (len > (v4 ? 32 : 128))
        {
            return false;
        }

        network = new IpNetwork(ip, len, v4);
        network = network with { Address = network.First };
        return true;
    }

    public static IpNetwork ParseCidr(string text) =>
        TryParseCidr(text, out var n) ? n : throw new FormatException($"invalid CIDR address: {text}");

    /// <summary>Dotted-quad IPv4 (no leading zeros) or IPv6; IPv4-mapped IPv6 counts as IPv4, as in Go.</summary>
    public static bool TryParseIp(string text, out UInt128 value, out bool isV4)
    {
        value = 0;
        isV4 = false;
        if (text.Contains(':', StringComparison.Ordinal))
        {
            if (text.Contains('%', StringComparison.Ordinal) || !IPAddress.TryParse(text, out var addr) || addr.AddressFamily != AddressFamily.InterNetworkV6)
            {
                return false;
            }

            if (addr.IsIPv4MappedToIPv6)
            {
                isV4 = true;
                value = FromBytes(addr.MapToIPv4().GetAddressBytes());
                return true;
            }

            value = FromBytes(addr.GetAddressBytes());
            return true;
        }

        var parts = text.Split('.');
        if (parts.Length != 4)
        {
            return false;
        }

        uint v = 0;
        foreach (var p in parts)
        {
            if (p.Length == 0 || p.Length > 3 || !p.All(char.IsAsciiDigit) || (p.Length > 1 && p[0] == '0'))
            {
                return false;
            }

            var octet = int.Parse(p, CultureInfo.InvariantCulture);
            if (octet > 255)
            {
                return false;
            }

            v = (v << 8) | (uint)octet;
        }

        value = v;
        isV4 = true;
        return true;
    }

    private static UInt128 FromBytes(byte[] b)
    {
        UInt128 v = 0;
        foreach (var x in b)
        {
            v = (v << 8) | x;
        }

        return v;
    }

    public static string FormatIp(UInt128 value, bool v4)
    {
        if (v4)
        {
            var u = (uint)value;
            return $"{u >> 24}.{(u >> 16) & 255}.{(u >> 8) & 255}.{u & 255}";
        }

        var bytes = new byte[16];
        for (var i = 15; i >= 0; i--)
        {
            bytes[i] = (byte)(value & 0xff);
            value >>= 8;
        }

        return new IPAddress(bytes).ToString();
    }

    public override string ToString() => FormatIp(First, IsV4) + "/" + PrefixLength.ToString(CultureInfo.InvariantCulture);
}
