using System.Diagnostics;
using System.Text;
using static GitOpsFleet.Loading.Tests.Fixtures;

namespace GitOpsFleet.Loading.Tests;

// Timed, so alone in the performance collection rather than beside other tests.
[Collection(nameof(LoadPerformanceTests))]
public sealed class LargeMappingTests
{
    /// <summary>A valid pool whose metadata.labels holds <paramref name="labels"/> keys, one per line from line 6.</summary>
    internal static string PoolWithLabels(int labels, string? duplicate = null)
    {
        var text = new StringBuilder("apiVersion: gitopsfleet.dev/v1\nkind: NodePool\nmetadata:\n  name: rpc\n  labels:\n");
        for (var i = 0; i < labels; i++)
        {
            text.Append("    k").Append(i).Append(": v\n");
        }
        if (duplicate is not null)
        {
            text.Append("    ").Append(duplicate).Append(": again\n");
        }
        text.Append("spec:\n  provider: local\n  software: {name: geth, version: 1.16.7}\n  replicas: {min: 1, max: 3}\n");
        return text.ToString();
    }

    [Fact]
    public void Load_PoolWith40kLabels_LoadsInLinearTime()
    {
        var pool = PoolWithLabels(40_000);
        var options = FleetLoadOptions.Default with { MaxKeysPerMapping = 100_000 };

        var watch = Stopwatch.StartNew();
        var result = new FleetLoader(0).Load(WithFleet(("pools/rpc.yaml", pool)), options);
        watch.Stop();

        Assert.True(result.Succeeded, string.Join("\n", Lines(result)));
        Assert.Equal(40_000, result.Fleet!.Pools[0].Labels.Count);
        // Quadratic lookup took about 7 s here; linear takes well under one. Generous for a slow, shared CI machine.
        Assert.True(watch.Elapsed < TimeSpan.FromSeconds(20), $"took {watch.Elapsed}");
    }

    [Fact]
    public void Load_DuplicateKeyAfterManyKeys_PointsAtTheSecondAndNamesTheFirst()
    {
        var pool = PoolWithLabels(100, duplicate: "k42");

        var result = Load(WithFleet(("pools/rpc.yaml", pool)));

        Assert.Equal(["pools/rpc.yaml:106:5: error FLEET014: duplicate key 'k42'; it is first defined at line 48, column 5"], Lines(result));
    }

    [Fact]
    public void Load_ManyKeys_KeepTheirTextOrder()
    {
        var result = Load(WithFleet(("pools/rpc.yaml", PoolWithLabels(50))));

        Assert.True(result.Succeeded, string.Join("\n", Lines(result)));
        Assert.Equal(Enumerable.Range(0, 50).Select(i => $"k{i}"), result.Fleet!.Pools[0].Labels.Keys);
    }
}
