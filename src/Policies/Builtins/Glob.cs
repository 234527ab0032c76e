using System.Text.RegularExpressions;
using GitOpsFleet.Policies.Builtins.Kernels.Patterns;
using GitOpsFleet.Policies.Values;

namespace GitOpsFleet.Policies.Builtins;

/// <summary>glob.match and glob.quote_meta.</summary>
internal static class Glob
{
    internal static void Register(BuiltinRegistry.Builder b)
    {
        b.Add("glob.match", [RegoType.String, RegoType.Or(RegoType.Null, RegoType.Array(RegoType.String)), RegoType.String], RegoType.Boolean, (ctx, a) =>
        {
            var pattern = Args.String(a, 0);
            List<char> separators;
            if (a[1] is NullValue)
            {
                separators = [];
            }
            else
            {
                separators = [];
                foreach (var d in Args.Array(a, 1).AsList())
                {
                    if (d is not StringValue s)
                    {
                        throw Args.ElementError(1, a[1], d, "string");
                    }

                    separators.AddRange(s.Value);
                }

                // An empty list means the default separator, as in OPA.
                if (separators.Count == 0)
                {
                    separators.Add('.');
                }
            }

            var key = "glob.match:" + pattern + "\u0000" + new string(separators.ToArray());
            Regex regex;
            if (ctx.Cache.TryGetValue(key, out var cached) && cached is Regex r)
            {
                regex = r;
            }
            else
            {
                try
                {
                    regex = GlobPattern.Compile(pattern, separators);
                }
                catch (FormatException e)
                {
                    throw BuiltinException.Error(e.Message);
                }

                ctx.Cache[key] = regex;
            }

            return Value.Bool(regex.IsMatch(Args.String(a, 2)));
        });
        b.Add("glob.quote_meta", [RegoType.String], RegoType.String, (_, a) => new StringValue(GlobPattern.QuoteMeta(Args.String(a, 0))));
    }
}
