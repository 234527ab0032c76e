using System.Globalization;
using GitOpsFleet.Model;

namespace GitOpsFleet.Providers.Local.Clients;

/// <summary>
/// The real clients the local provider runs; any other software name stays a simulated node. A pool picks its
/// chain with the label <see cref="ChainIdLabel"/>; without it a client runs the devnet chain id 31337.
/// </summary>
internal static class ClientTable
{
    public const string ChainIdLabel = "chain-id";

    public const long DefaultChainId = 31337;

    public static ClientDefinition Anvil { get; } = new(
        "anvil",
        "anvil",
        // `anvil --version` prints "anvil Version: 1.7.1" then commit and build lines.
        output => output.Split('\n').Select(l => l.Trim())
            .FirstOrDefault(l => l.StartsWith("anvil Version:", StringComparison.Ordinal)) is { } line
            ? NormalizeVersion(line["anvil Version:".Length..])
            : null,
        // --block-time 1 mines a block a second, so a head that stops advancing means something; loopback only.
        launch => ["--host", "127.0.0.1", "--port", launch.Port.ToString(CultureInfo.InvariantCulture),
                   "--chain-id", launch.ChainId.ToString(CultureInfo.InvariantCulture), "--block-time", "1"],
        version => $"npm install --prefix .tools/anvil @foundry-rs/anvil-linux-amd64@{NormalizeVersion(version)}");

    private static readonly ClientDefinition[] All = [Anvil];

    public static IReadOnlySet<string> ExecutableNames { get; } = All.Select(c => c.Executable).ToHashSet(StringComparer.Ordinal);

    public static ClientDefinition? Find(string softwareName) =>
        All.FirstOrDefault(c => string.Equals(c.Name, softwareName, StringComparison.Ordinal));

    /// <summary>The chain a pool asks for: its <see cref="ChainIdLabel"/> label, else the devnet default.</summary>
    public static long ChainIdOf(IReadOnlyDictionary<string, string> labels) =>
        labels.TryGetValue(ChainIdLabel, out var text) && long.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out var id) ? id : DefaultChainId;

    /// <summary>Versions compare without a leading "v": clients answer "anvil/v1.7.1" while pools write 1.7.1.</summary>
    public static string NormalizeVersion(string version)
    {
        var v = version.Trim();
        return v.StartsWith('v') ? v[1..] : v;
    }

    public static bool SameVersion(SoftwareSpec wanted, string actual) =>
        string.Equals(NormalizeVersion(wanted.Version), NormalizeVersion(actual), StringComparison.Ordinal);
}
