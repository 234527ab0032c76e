using GitOpsFleet.Providers.Local;
using GitOpsFleet.Model;

namespace GitOpsFleet.Providers.Tests.Local;

public sealed class NodeArgumentsTests
{
    private static NodeArguments Sample() => new(
        "mainnet", "rpc", "rpc-0",
        new SoftwareSpec("geth", "1.16.7", new SoftwareSpec("lighthouse", "v8.0.0")),
        new MachineSpec("Standard_D8s_v5", "ubuntu-24.04"),
        new Dictionary<string, string> { ["role"] = "rpc", ["env"] = "prod with spaces" },
        0, "/var/lib/state", 5);

    [Fact]
    public void ToArgs_ThenTryParse_GivesTheSameNode()
    {
        var args = Sample();

        var parsed = NodeArguments.TryParse(args.ToArgs(), out var errors);

        Assert.Empty(errors);
        Assert.NotNull(parsed);
        Assert.Equal(args.Software, parsed.Software);
        Assert.Equal(args.Machine, parsed.Machine);
        Assert.Equal(args.Labels.OrderBy(l => l.Key), parsed.Labels.OrderBy(l => l.Key));
        Assert.Equal((args.Fleet, args.Pool, args.Name, args.Port, args.StateDirectory, args.SyncSeconds),
            (parsed.Fleet, parsed.Pool, parsed.Name, parsed.Port, parsed.StateDirectory, parsed.SyncSeconds));
    }

    [Fact]
    public void ToArgs_PutsFleetAndPoolFirst()
    {
        Assert.Equal(["--fleet", "mainnet", "--pool", "rpc"], Sample().ToArgs().Take(4));
    }

    [Fact]
    public void TryParse_ReportsEveryProblemAtOnce()
    {
        var parsed = NodeArguments.TryParse(["--fleet", "f", "--port", "99999", "--consensus", "lighthouse", "--label", "novalue", "--bogus", "x"], out var errors);

        Assert.Null(parsed);
        Assert.Contains(errors, e => e.Contains("--port"));
        Assert.Contains(errors, e => e.Contains("--consensus"));
        Assert.Contains(errors, e => e.Contains("--label"));
        Assert.Contains(errors, e => e.Contains("--bogus"));
        Assert.Contains("--pool is required", errors);
        Assert.Contains("--name is required", errors);
        Assert.Contains("--software is required", errors);
        Assert.Contains("--version is required", errors);
    }

    [Fact]
    public void TryParse_AcceptsInlineValues()
    {
        var parsed = NodeArguments.TryParse(["--fleet=f", "--pool=p", "--name=n", "--software=teku", "--version=25.11.0", "--label=a=b=c"], out _);

        Assert.NotNull(parsed);
        Assert.Equal("teku", parsed.Software.Name);
        Assert.Equal("b=c", parsed.Labels["a"]);
    }

    [Theory]
    [InlineData("/opt/gitopsfleet/gitopsfleet")]
    [InlineData("/usr/bin/dotnet|/opt/gitopsfleet/gitopsfleet.dll")]
    [InlineData("/bin/sh|-c|script|sh|/usr/bin/setsid|/opt/gitopsfleet/gitopsfleet")]
    public void FromCommandLine_FindsTheNodeWhicheverWayItWasStarted(string prefix)
    {
        var argv = prefix.Split('|').Concat(["node"]).Concat(Sample().ToArgs()).ToArray();

        var parsed = NodeArguments.FromCommandLine(argv, ["gitopsfleet", "gitopsfleet.dll"]);

        Assert.NotNull(parsed);
        Assert.Equal("rpc-0", parsed.Name);
    }

    [Fact]
    public void FromCommandLine_IgnoresOtherPrograms()
    {
        string[] argv = ["/usr/bin/node", "server.js", "--fleet", "mainnet"];
        Assert.Null(NodeArguments.FromCommandLine(argv, ["gitopsfleet", "gitopsfleet.dll"]));
        string[] shell = ["bash", "-c", "gitopsfleet node --fleet mainnet --pool rpc --name a --software geth --version 1"];
        Assert.Null(NodeArguments.FromCommandLine(shell, ["gitopsfleet", "gitopsfleet.dll"]));
    }

    [Theory]
    [InlineData("../../etc")]
    [InlineData("a/b")]
    [InlineData("..")]
    [InlineData("")]
    public void SafeName_KeepsNamesInsideTheStateFolder(string name)
    {
        var layout = new LocalStateLayout(Path.GetTempPath());

        var dir = layout.FleetDirectory(name);

        Assert.Equal(Path.Combine(layout.Root, "fleets"), Path.GetDirectoryName(Path.GetFullPath(dir)));
        Assert.NotEqual(LocalStateLayout.SafeName(name), LocalStateLayout.SafeName(name + "x"));
    }
}
