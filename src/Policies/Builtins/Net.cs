using GitOpsFleet.Policies.Builtins.Kernels.Net;
using GitOpsFleet.Policies.Values;

namespace GitOpsFleet.Policies.Builtins;

/// <summary>net.cidr_* on IPv4 and IPv6 prefixes; net.lookup_ip_addr answers only what needs no network (literals, localhost).</summary>
internal static class Net
{
    internal static void Register(BuiltinRegistry.Builder b)
    {
        b.Add("net.cidr_contains", [RegoType.String, RegoType.String], RegoType.Boolean, (_, a) =>
            Guard(() => Value.Bool(CidrMath.Contains(Args.String(a, 0), Args.String(a, 1)))));
        b.Add("net.cidr_intersects", [RegoType.String, RegoType.String], RegoType.Boolean, (_, a) =>
            Guard(() => Value.Bool(CidrMath.Intersects(Args.String(a, 0), Args.String(a, 1)))));
        b.Add("net.cidr_overlap", [RegoType.String, RegoType.String], RegoType.Boolean, (_, a) =>
            Guard(() => Value.Bool(CidrMath.Contains(Args.String(a, 0), Args.String(a, 1)))));
        b.Add("net.cidr_is_valid", [RegoType.String], RegoType.Boolean, (_, a) =>
            Value.Bool(IpNetwork.TryParseCidr(Args.String(a, 0), out var _)));
        b.Add("net.cidr_expand", [RegoType.String], RegoType.Set(RegoType.String), (_, a) =>
            Guard(() => SetValue.Of(CidrMath.Expand(Args.String(a, 0)).Select(s => (Value)new StringValue(s)))));
        b.Add("net.cidr_merge", [RegoType.Or(RegoType.Array(RegoType.String), RegoType.Set(RegoType.String))], RegoType.Set(RegoType.String), (_, a) =>
            Guard(() => SetValue.Of(CidrMath.Merge(Args.Strings(a, 0)).Select(s => (Value)new StringValue(s)))));
        b.Add("net.cidr_contains_matches", [RegoType.Any, RegoType.Any], RegoType.Set(RegoType.AnyArray), (_, a) => Guard(() =>
        {
            var cidrs = Operand(a[0], 1);
            var items = Operand(a[1], 2);
            var result = new List<Value>();
            foreach (var (ck, cidr) in cidrs)
            {
                var net = IpNetwork.ParseCidr(cidr);
                foreach (var (ik, item) in items)
                {
                    var contained = IpNetwork.TryParseIp(item, out var ip, out var v4)
                        ? net.Contains(ip, v4)
                        : net.Contains(IpNetwork.ParseCidr(item));
                    if (contained)
                    {
                        result.Add(new ArrayValue([ck, ik]));
                    }
                }
            }

            return SetValue.Of(result);
        }));
        b.AddNondeterministic("net.lookup_ip_addr", [RegoType.String], RegoType.Set(RegoType.String), (_, a) =>
            LocalLookup(Args.String(a, 0)) is { } found
                ? SetValue.Of(found.Select(s => (Value)new StringValue(s)))
                : throw BuiltinException.Error("network access is disabled: net.lookup_ip_addr cannot resolve names here"));
    }

    /// <summary>
    /// What Go's resolver answers without asking the network: an address literal resolves to itself
    /// (printed canonically, an IPv6 zone kept), and localhost to the loopback pair a standard hosts
    /// file lists. Any other name would need DNS, which policies here never reach; null then.
    /// </summary>
    private static string[]? LocalLookup(string name)
    {
        var zone = name.IndexOf('%', StringComparison.Ordinal);
        var host = zone < 0 ? name : name[..zone];
        if (IpNetwork.TryParseIp(host, out var ip, out var v4) && (zone < 0 || (!v4 && zone < name.Length - 1)))
        {
            return [IpNetwork.FormatIp(ip, v4) + (zone < 0 ? string.Empty : name[zone..])];
        }

        return name.TrimEnd('.').Equals("localhost", StringComparison.OrdinalIgnoreCase) ? ["127.0.0.1", "::1"] : null;
    }

    /// <summary>Keys and CIDR strings of a cidr_contains_matches operand: a string, or an array, set or object of strings or [cidr, ...] tuples.</summary>
    private static List<(Value Key, string Cidr)> Operand(Value v, int position)
    {
        string Element(Value e) => e switch
        {
            StringValue s => s.Value,
            ArrayValue { Count: > 0 } arr when arr[0] is StringValue s => s.Value,
            _ => throw BuiltinException.Error($"operand {position}: element must be string or non-empty array"),
        };

        return v switch
        {
            StringValue s => [(s, s.Value)],
            ArrayValue arr => arr.AsList().Select((e, i) => ((Value)Value.Number(i), Element(e))).ToList(),
            SetValue set => set.AsList().Select(e => (e, Element(e))).ToList(),
            ObjectValue obj => obj.Pairs.Select(p => (p.Key, Element(p.Value))).ToList(),
            _ => throw BuiltinException.Error($"operand {position}: must be string, array, set or object"),
        };
    }

    private static Value Guard(Func<Value> body)
    {
        try
        {
            return body();
        }
        catch (FormatException e)
        {
            throw BuiltinException.Error(e.Message);
        }
    }
}
