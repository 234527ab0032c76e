using GitOpsFleet.Policies.Evaluation;
using GitOpsFleet.Policies.Values;

namespace GitOpsFleet.Policies.Tests.Evaluation;

/// <summary>
/// Small helper functions run in place (no memo, reused frame) and constant fields are looked up at the
/// position last seen; both must give exactly what the general path gives.
/// </summary>
public sealed class HelperFunctionInliningTests
{
    private const string Policy = """
        package p

        import rego.v1

        validator(pool) if pool.labels.role == "validator"

        big(pool) if {
            n := pool.storage.sizeGiB
            n >= 1000
        }

        either(a, b) if a.x == b.x

        noisy(pool) if {
            print("checking", pool.name)
            pool.labels.role == "rpc"
        }

        validators contains pool.name if {
            some pool in input.pools
            validator(pool)
        }

        others contains pool.name if {
            some pool in input.pools
            not validator(pool)
        }

        big_pools contains pool.name if {
            some pool in input.pools
            big(pool)
        }

        same := [i | some i, pool in input.pools; either(pool, {"x": 1})]

        rpc contains pool.name if {
            some pool in input.pools
            noisy(pool)
        }

        roles := [pool.labels.role | some pool in input.pools]

        big_pools_written_out contains pool.name if {
            some pool in input.pools
            n := pool.storage.sizeGiB
            n >= 1000
        }

        others_written_out contains pool.name if {
            some pool in input.pools
            not pool.labels.role == "validator"
        }

        rpc_role(pool) if pool.labels.role == "rpc"
        """;

    // Objects of different shapes (an extra "owner" label, keys in another order, a missing label),
    // so a cached field position is sometimes wrong and must be rejected.
    private const string Input = """
        {"pools": [
          {"name": "a", "labels": {"role": "validator", "env": "prod"}, "storage": {"sizeGiB": 2000}, "x": 1},
          {"name": "b", "labels": {"owner": "team-1", "role": "rpc", "env": "prod"}, "storage": {"sizeGiB": 10}, "x": 2},
          {"labels": {"env": "prod", "role": "validator", "zone": "z"}, "name": "c", "storage": {"sizeGiB": "big"}, "x": 1},
          {"name": "d", "labels": {"env": "prod"}, "storage": {}},
          {"name": "e", "labels": {"role": "rpc"}, "storage": {"sizeGiB": 1000}, "x": 1}
        ]}
        """;

    [Fact]
    public void HelperFunctions_GiveTheSameResultsAsWrittenOut()
    {
        var printed = new List<string>();
        var engine = PolicyEngine.Compile([new RegoSource("p.rego", Policy)]);

        var doc = (ObjectValue)engine.EvaluateDocument("p", ValueJson.Parse(Input), new EvalOptions { Print = printed.Add })!;

        Assert.Equal(ValueJson.Parse("""["a", "c"]"""), ToArray(doc.Get("validators")));
        Assert.Equal(ValueJson.Parse("""["b", "d", "e"]"""), ToArray(doc.Get("others")));
        // "big" >= 1000 holds: strings order after numbers.
        Assert.Equal(ValueJson.Parse("""["a", "c", "e"]"""), ToArray(doc.Get("big_pools")));
        Assert.Equal(doc.Get("big_pools_written_out"), doc.Get("big_pools"));
        Assert.Equal(doc.Get("others_written_out"), doc.Get("others"));
        Assert.Equal(ValueJson.Parse("[0, 2, 4]"), doc.Get("same"));
        Assert.Equal(ValueJson.Parse("""["validator", "rpc", "validator", "rpc"]"""), doc.Get("roles"));
        Assert.Equal(ValueJson.Parse("""["b", "e"]"""), ToArray(doc.Get("rpc")));

        // A helper that prints is not run in place: it prints once per distinct pool, as before.
        Assert.Equal(5, printed.Count(p => p.Contains("checking", StringComparison.Ordinal)));
    }

    [Fact]
    public void HelperFunction_UnderWithReplacement_UsesTheReplacement()
    {
        var engine = PolicyEngine.Compile([new RegoSource("p.rego", Policy + "\nmocked := v if {\n\tv := validators with validator as rpc_role\n}\n")]);

        var doc = (ObjectValue)engine.EvaluateDocument("p", ValueJson.Parse(Input))!;

        Assert.Equal(ValueJson.Parse("""["b", "e"]"""), ToArray(doc.Get("mocked")));
        Assert.Equal(ValueJson.Parse("""["a", "c"]"""), ToArray(doc.Get("validators")));
    }

    private static Value ToArray(Value? set) => new ArrayValue(((SetValue)set!).Items.ToArray());
}
