using static GitOpsFleet.Loading.Tests.Fixtures;

namespace GitOpsFleet.Loading.Tests;

/// <summary>The loader remembers parsed files by content; these tests make sure that never changes an answer.</summary>
public sealed class ParseCacheTests
{
    [Fact]
    public void Load_SameBrokenTextUnderAnotherPath_ReportsTheNewPath()
    {
        var loader = new FleetLoader();
        const string broken = "apiVersion: [\n";

        var first = loader.Load(WithFleet(("pools/a.yaml", broken)));
        var second = loader.Load(WithFleet(("pools/b.yaml", broken)));

        Assert.Equal("pools/a.yaml", Assert.Single(first.Diagnostics).Path);
        Assert.Equal("pools/b.yaml", Assert.Single(second.Diagnostics).Path);
    }

    [Fact]
    public void Load_UnchangedPoolWhoseScriptWasRemoved_IsCheckedAgain()
    {
        var loader = new FleetLoader();
        var pool = Pool() + "  scaling: {script: scaling/rpc.csx}\n";

        var before = loader.Load(WithFleet(("pools/rpc.yaml", pool), ("scaling/rpc.csx", "return 1;")));
        var after = loader.Load(WithFleet(("pools/rpc.yaml", pool)));

        Assert.True(before.Succeeded);
        Assert.False(after.Succeeded);
        Assert.Equal(DiagnosticCodes.FileNotInCommit, Assert.Single(after.Diagnostics).Code);
    }

    [Fact]
    public void Load_ChangedPool_IsReadAgain()
    {
        var loader = new FleetLoader(cacheCapacity: 1);

        var before = loader.Load(WithFleet(("pools/rpc.yaml", Pool())));
        var after = loader.Load(WithFleet(("pools/rpc.yaml", Pool().Replace("1.16.7", "1.16.8"))));

        Assert.Equal("1.16.7", before.Fleet!.Pools[0].Software.Version);
        Assert.Equal("1.16.8", after.Fleet!.Pools[0].Software.Version);
    }
}
