using System.Security.Cryptography;
using GitOpsFleet.Policies.Builtins.Kernels.Ids;
using GitOpsFleet.Policies.Values;

namespace GitOpsFleet.Policies.Builtins;

/// <summary>uuid.rfc4122 (random, stable per key within a query) and uuid.parse; also rand.intn.</summary>
internal static class Uuid
{
    internal static void Register(BuiltinRegistry.Builder b)
    {
        b.AddNondeterministic("uuid.rfc4122", [RegoType.String], RegoType.String, (ctx, a) =>
        {
            var key = "uuid.rfc4122:" + Args.String(a, 0);
            if (ctx.Cache.TryGetValue(key, out var cached) && cached is Value v)
            {
                return v;
            }

            var result = new StringValue(Guid.NewGuid().ToString("D"));
            ctx.Cache[key] = result;
            return result;
        });
        b.Add("uuid.parse", [RegoType.String], RegoType.AnyObject, (_, a) =>
        {
            if (a[0] is not StringValue s || !UuidInfo.TryParse(s.Value, out var bytes))
            {
                return null;
            }

            var builder = new ObjectBuilder();
            foreach (var (k, v) in UuidInfo.Describe(bytes))
            {
                builder.Set(k, v switch
                {
                    string str => new StringValue(str),
                    int i => Value.Number(i),
                    long l => Value.Number(l),
                    _ => Value.Null,
                });
            }

            return builder.Build();
        });
        b.AddNondeterministic("rand.intn", [RegoType.String, RegoType.Number], RegoType.Number, (ctx, a) =>
        {
            var str = Args.String(a, 0);
            var n = Args.Int(a, 1);
            var key = "rand.intn:" + str + "\u0000" + n.ToString(System.Globalization.CultureInfo.InvariantCulture);
            if (ctx.Cache.TryGetValue(key, out var cached) && cached is Value v)
            {
                return v;
            }

            var result = n == 0 ? Value.Number(0) : Value.Number(RandomNumberGenerator.GetInt32(Math.Abs(n)));
            ctx.Cache[key] = result;
            return result;
        });
    }
}
