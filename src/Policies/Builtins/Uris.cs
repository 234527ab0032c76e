using GitOpsFleet.Policies.Builtins.Kernels.Uris;
using GitOpsFleet.Policies.Values;

namespace GitOpsFleet.Policies.Builtins;

/// <summary>uri.parse and uri.is_valid (OPA v1.16): a URL as Go's net/url reads it.</summary>
internal static class Uris
{
    internal static void Register(BuiltinRegistry.Builder b)
    {
        b.Add("uri.parse", [RegoType.String], RegoType.Object(RegoType.String, RegoType.String), (_, a) =>
        {
            var raw = Args.String(a, 0);
            GoUrl url;
            try
            {
                url = GoUrl.Parse(raw);
            }
            catch (FormatException e)
            {
                throw BuiltinException.Error($"parse {Sprintf.Format("%q", [new StringValue(raw)])}: {e.Message}");
            }

            // Empty components are left out, as OPA does; raw_path always comes with a path.
            var o = new ObjectBuilder();
            Put(o, "scheme", url.Scheme);
            Put(o, "hostname", url.Hostname);
            Put(o, "port", url.Port);
            if (url.Path.Length > 0)
            {
                o.Set("path", new StringValue(url.Path));
                o.Set("raw_path", new StringValue(url.RawPath.Length > 0 ? url.RawPath : url.Path));
            }

            Put(o, "raw_query", url.RawQuery);
            Put(o, "fragment", url.Fragment);
            return o.Build();
        });

        // An empty string would parse as a relative reference; OPA calls it invalid on purpose.
        b.Add("uri.is_valid", [RegoType.Any], RegoType.Boolean, (_, a) =>
            Value.Bool(a[0] is StringValue { Value.Length: > 0 } s && TryParse(s.Value)));
    }

    private static bool TryParse(string raw)
    {
        try
        {
            GoUrl.Parse(raw);
            return true;
        }
        catch (FormatException)
        {
            return false;
        }
    }

    private static void Put(ObjectBuilder o, string key, string value)
    {
        if (value.Length > 0)
        {
            o.Set(key, new StringValue(value));
        }
    }
}
