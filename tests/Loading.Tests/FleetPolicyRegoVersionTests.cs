using GitOpsFleet.Model;
using static GitOpsFleet.Loading.Tests.Fixtures;

namespace GitOpsFleet.Loading.Tests;

/// <summary>spec.policies.regoVersion: v0 reads the fleet's policies as OPA's --v0-compatible does; a bad value is located.</summary>
public sealed class FleetPolicyRegoVersionTests
{
    private static string Fleet(string policies) => $"""
        apiVersion: gitopsfleet.dev/v1
        kind: Fleet
        metadata:
          name: mainnet
        spec:
          policies: {policies}
        """;

    [Theory]
    [InlineData("{regoVersion: v0}", PolicyRegoVersion.V0)]
    [InlineData("{regoVersion: v1}", PolicyRegoVersion.V1)]
    [InlineData("{engine: embedded}", PolicyRegoVersion.V1)]
    public void Load_RegoVersion_IsRead_AndDefaultsToV1(string policies, PolicyRegoVersion expected)
    {
        var result = Load(Snapshot(("fleet.yaml", Fleet(policies))));

        Assert.True(result.Succeeded, string.Join("\n", Lines(result)));
        Assert.Equal(expected, result.Fleet!.Policies.RegoVersion);
    }

    [Fact]
    public void Load_BadRegoVersion_IsALocatedError()
    {
        var result = Load(Snapshot(("fleet.yaml", Fleet("{regoVersion: \"0\"}"))));

        var line = Assert.Single(Lines(result));
        Assert.StartsWith("fleet.yaml:6:", line, StringComparison.Ordinal);
        Assert.Contains("FLEET013", line, StringComparison.Ordinal);
        Assert.Contains("regoVersion", line, StringComparison.Ordinal);
        Assert.Contains("v0", line, StringComparison.Ordinal);
    }
}
