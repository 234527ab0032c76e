using GitOpsFleet.Policies.Builtins.Kernels.Purls;
using GitOpsFleet.Policies.Values;

namespace GitOpsFleet.Policies.Builtins;

/// <summary>purl.parse and purl.is_valid (OPA v1.21): package URLs, as SBOMs and scanners name packages.</summary>
internal static class Purls
{
    internal static void Register(BuiltinRegistry.Builder b)
    {
        b.Add("purl.parse", [RegoType.String], RegoType.Object(RegoType.String, RegoType.Any), (_, a) =>
        {
            var raw = Args.String(a, 0);
            PackageUrl purl;
            try
            {
                purl = PackageUrl.Parse(raw);
            }
            catch (FormatException e)
            {
                throw BuiltinException.Error($"invalid PURL {Sprintf.Format("%q", [new StringValue(raw)])}: {e.Message}");
            }

            // type and name always; the other parts only when present, as OPA.
            var o = new ObjectBuilder();
            o.Set("type", new StringValue(purl.Type));
            o.Set("name", new StringValue(purl.Name));
            Put(o, "namespace", purl.Namespace);
            Put(o, "version", purl.Version);
            Put(o, "subpath", purl.Subpath);
            if (purl.Qualifiers.Count > 0)
            {
                var q = new ObjectBuilder();
                foreach (var (key, value) in purl.Qualifiers)
                {
                    q.Set(key, new StringValue(value));
                }

                o.Set("qualifiers", q.Build());
            }

            return o.Build();
        });

        // Any operand that is not a string is simply not a package URL.
        b.Add("purl.is_valid", [RegoType.Any], RegoType.Boolean, (_, a) => Value.Bool(a[0] is StringValue s && TryParse(s.Value)));
    }

    private static bool TryParse(string raw)
    {
        try
        {
            PackageUrl.Parse(raw);
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
