using System.Diagnostics;
using static GitOpsFleet.Loading.Tests.Fixtures;

namespace GitOpsFleet.Loading.Tests;

// Timed, so alone in the performance collection rather than beside other tests.
[Collection(nameof(LoadPerformanceTests))]
public sealed class LoadLimitsTests
{
    // About 19 MB, the size of the pool file that used to take minutes.
    private static readonly Lazy<string> HugePool = new(() => LargeMappingTests.PoolWithLabels(200_000).Replace("    k", "    label-with-a-long-name-to-reach-nineteen-megabytes-in-total-with-some-more-padding-x-" , StringComparison.Ordinal));

    private static readonly FleetLoadOptions NoSizeLimit = FleetLoadOptions.Default with { MaxFileBytes = long.MaxValue };

    [Fact]
    public void Load_PoolWith200kKeys_IsRefusedQuicklyBySize()
    {
        var snapshot = WithFleet(("pools/rpc.yaml", HugePool.Value));
        Assert.InRange(snapshot.ReadBytes("pools/rpc.yaml")!.Length, 18_000_000, 21_000_000);

        var watch = Stopwatch.StartNew();
        var result = new FleetLoader(0).Load(snapshot);
        watch.Stop();

        var d = Assert.Single(result.Diagnostics);
        Assert.Equal(("pools/rpc.yaml", DiagnosticCodes.FileTooLarge), (d.Path, d.Code));
        Assert.Contains("more than the limit of 1048576", d.Message, StringComparison.Ordinal);
        Assert.True(watch.Elapsed < TimeSpan.FromSeconds(5), $"took {watch.Elapsed}");
    }

    [Fact]
    public void Load_PoolWith200kKeysUnderARaisedSizeLimit_IsRefusedQuicklyAtTheFirstKeyOverTheLimit()
    {
        var watch = Stopwatch.StartNew();
        var result = new FleetLoader(0).Load(WithFleet(("pools/rpc.yaml", HugePool.Value)), NoSizeLimit);
        watch.Stop();

        Assert.Equal(
            ["pools/rpc.yaml:10006:5: error FLEET023: the mapping that starts at line 6 has more than 10000 keys; keep bulk data outside the fleet repository"],
            Lines(result));
        Assert.True(watch.Elapsed < TimeSpan.FromSeconds(5), $"took {watch.Elapsed}");
    }

    [Fact]
    public void Load_PoolWith200kKeysUnderRaisedLimits_LoadsWithoutQuadraticCost()
    {
        var options = NoSizeLimit with { MaxKeysPerMapping = 1_000_000 };

        var watch = Stopwatch.StartNew();
        var result = new FleetLoader(0).Load(WithFleet(("pools/rpc.yaml", HugePool.Value)), options);
        watch.Stop();

        Assert.True(result.Succeeded, string.Join("\n", Lines(result).Take(5)));
        Assert.Equal(200_000, result.Fleet!.Pools[0].Labels.Count);
        // About 1 s alone here; a quadratic key lookup took minutes. The bound only separates the two on a loaded machine
        // (the figure itself belongs to the benchmarks).
        Assert.True(watch.Elapsed < TimeSpan.FromSeconds(30), $"took {watch.Elapsed}");
    }

    [Fact]
    public void Load_ManyDuplicateKeys_StopAtTheKeyLimitInsteadOfFloodingDiagnostics()
    {
        var pool = Pool() + "extra:\n" + string.Concat(Enumerable.Repeat("  same: 1\n", 50));
        var options = FleetLoadOptions.Default with { MaxKeysPerMapping = 10 };

        var result = new FleetLoader(0).Load(WithFleet(("pools/rpc.yaml", pool)), options);

        Assert.Equal(10, result.Diagnostics.Count);
        Assert.Equal(9, result.Diagnostics.Count(d => d.Code == DiagnosticCodes.DuplicateKey));
        Assert.Equal("pools/rpc.yaml:22:3: error FLEET023: the mapping that starts at line 12 has more than 10 keys; keep bulk data outside the fleet repository",
            result.Diagnostics[^1].ToString());
    }

    [Fact]
    public void Load_NestingDeeperThanTheLimit_IsLocatedWithItsOwnCode()
    {
        var pool = Pool() + "deep: " + new string('[', 70) + new string(']', 70) + "\n";

        var result = Load(WithFleet(("pools/rpc.yaml", pool)));

        Assert.Equal(["pools/rpc.yaml:11:71: error FLEET024: nesting deeper than 64 levels; fleet files need only a few"], Lines(result));
    }

    [Fact]
    public void Load_NestingLimitFromOptions_IsApplied()
    {
        var options = FleetLoadOptions.Default with { MaxDepth = 2 };

        var result = new FleetLoader().Load(WithFleet(("pools/rpc.yaml", Pool())), options);

        Assert.Contains(result.Diagnostics, d => d.Code == DiagnosticCodes.NestingTooDeep && d.Path == "fleet.yaml");
        Assert.Contains(result.Diagnostics, d => d.Code == DiagnosticCodes.NestingTooDeep && d.Path == "pools/rpc.yaml");
    }

    [Fact]
    public void Load_MaxIntReplicasInTwoPools_IsALocatedLimitErrorNotAnOverflow()
    {
        static string Huge(string name) => Pool(name).Replace("min: 1", "min: 2147483647").Replace("max: 3", "max: 2147483647");

        var result = Load(WithFleet(("pools/a.yaml", Huge("a")), ("pools/b.yaml", Huge("b"))));

        Assert.Null(result.Fleet);
        Assert.Equal(
        [
            "pools/a.yaml:9:10: error FLEET025: spec.replicas.min is 2147483647, more than the limit of 1000 nodes per pool",
            "pools/a.yaml:10:10: error FLEET025: spec.replicas.max is 2147483647, more than the limit of 1000 nodes per pool",
            "pools/b.yaml:9:10: error FLEET025: spec.replicas.min is 2147483647, more than the limit of 1000 nodes per pool",
            "pools/b.yaml:10:10: error FLEET025: spec.replicas.max is 2147483647, more than the limit of 1000 nodes per pool",
        ], Lines(result));
    }

    [Fact]
    public void Load_MaxIntReplicasUnderARaisedPoolLimit_SumsWithoutOverflowAndPointsAtThePoolOverTheFleetLimit()
    {
        static string Huge(string name) => Pool(name).Replace("max: 3", "max: 2147483647");
        var options = FleetLoadOptions.Default with { MaxReplicasPerPool = int.MaxValue, MaxNodesPerFleet = 3_000_000_000 };

        var result = new FleetLoader().Load(WithFleet(("pools/a.yaml", Huge("a")), ("pools/b.yaml", Huge("b"))), options);

        Assert.Equal(
            ["pools/b.yaml:10:10: error FLEET026: with this pool the fleet allows 4294967294 nodes or more (the sum of spec.replicas.max), more than the limit of 3000000000"],
            Lines(result));
    }

    [Fact]
    public void Load_PoolsOverTheDefaultFleetSize_AreRefused()
    {
        var pools = Enumerable.Range(0, 11).Select(i => ($"pools/p{i:D2}.yaml", Pool($"p{i:D2}").Replace("max: 3", "max: 1000"))).ToArray();

        var result = Load(WithFleet(pools));

        Assert.Equal(
            ["pools/p10.yaml:10:10: error FLEET026: with this pool the fleet allows 11000 nodes or more (the sum of spec.replicas.max), more than the limit of 10000"],
            Lines(result));
    }

    [Fact]
    public void Load_FileSizeLimitFromOptions_AppliesToFleetYamlToo()
    {
        var options = FleetLoadOptions.Default with { MaxFileBytes = 100 };

        var result = new FleetLoader().Load(WithFleet(), options);

        Assert.Equal([$"fleet.yaml: error FLEET022: the file is {FleetYaml.Length} bytes, more than the limit of 100; it was not read"], Lines(result));
    }

    [Fact]
    public void Load_CancelledToken_Throws()
    {
        using var cancelled = new CancellationTokenSource();
        cancelled.Cancel();

        Assert.ThrowsAny<OperationCanceledException>(() => new FleetLoader().Load(WithFleet(("pools/rpc.yaml", Pool())), FleetLoadOptions.Default, cancelled.Token));
    }

    [Fact]
    public void Load_CancelledWhileParsingAHugeFile_StopsWithinTheFileAndCachesNothing()
    {
        var loader = new FleetLoader();
        var options = NoSizeLimit with { MaxKeysPerMapping = 1_000_000 };
        var snapshot = WithFleet(("pools/rpc.yaml", HugePool.Value));
        using var source = new CancellationTokenSource(TimeSpan.FromMilliseconds(100));

        var watch = Stopwatch.StartNew();
        Assert.ThrowsAny<OperationCanceledException>(() => loader.Load(snapshot, options, source.Token));
        watch.Stop();

        Assert.True(watch.Elapsed < TimeSpan.FromSeconds(5), $"took {watch.Elapsed}");
        Assert.True(loader.Load(snapshot, options).Succeeded);
    }

    [Fact]
    public void Load_CancelledDuringParallelPoolReading_ThrowsOperationCanceledUnwrapped()
    {
        var pools = Enumerable.Range(0, 100).Select(i => ($"pools/p{i:D3}.yaml", Pool($"p{i:D3}"))).ToList();
        pools.Add(("pools/zz.yaml", HugePool.Value));
        var options = NoSizeLimit with { MaxKeysPerMapping = 1_000_000, MaxNodesPerFleet = 1_000_000 };
        using var source = new CancellationTokenSource(TimeSpan.FromMilliseconds(100));

        Assert.ThrowsAny<OperationCanceledException>(() => new FleetLoader(0).Load(WithFleet(pools.ToArray()), options, source.Token));
    }
}
