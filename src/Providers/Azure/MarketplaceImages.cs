using Azure.ResourceManager.Compute.Models;

namespace GitOpsFleet.Providers.Azure;

/// <summary>
/// Maps <c>machine.image</c> to a marketplace image reference. An alias (ubuntu-24.04) or a URN
/// (Publisher:Offer:Sku:Version, as <c>az vm image list</c> prints it) are accepted; observe maps a known
/// reference back to its alias so Git and Azure compare equal.
/// </summary>
internal static class MarketplaceImages
{
    private static readonly IReadOnlyDictionary<string, string> BuiltIn = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase)
    {
        ["ubuntu-24.04"] = "Canonical:ubuntu-24_04-lts:server:latest",
        ["ubuntu-22.04"] = "Canonical:0001-com-ubuntu-server-jammy:22_04-lts-gen2:latest",
        ["debian-12"] = "Debian:debian-12:12-gen2:latest",
        ["debian-13"] = "Debian:debian-13:13-gen2:latest",
        ["rhel-9"] = "RedHat:RHEL:9-lvm-gen2:latest",
        ["azurelinux-3"] = "MicrosoftCBLMariner:azure-linux-3:azure-linux-3-gen2:latest",
    };

    /// <summary>The alias table the provider uses: options' aliases first, then the built-in ones.</summary>
    public static IReadOnlyDictionary<string, string> Table(IDictionary<string, string> extra)
    {
        var table = new Dictionary<string, string>(BuiltIn, StringComparer.OrdinalIgnoreCase);
        foreach (var (alias, urn) in extra) table[alias] = urn;
        return table;
    }

    public static ImageReference? Resolve(string image, IReadOnlyDictionary<string, string> table) =>
        ParseUrn(table.TryGetValue(image, out var urn) ? urn : image);

    public static ImageReference? ParseUrn(string urn)
    {
        var parts = urn.Split(':');
        if (parts.Length != 4 || parts.Any(string.IsNullOrWhiteSpace)) return null;
        return new ImageReference { Publisher = parts[0], Offer = parts[1], Sku = parts[2], Version = parts[3] };
    }

    /// <summary>
    /// The name Git would use for a reference: <paramref name="preferred"/> (the pool's own image) when it
    /// resolves to the same reference, since several aliases may share one; else an alias; else the URN.
    /// </summary>
    public static string? Describe(ImageReference? reference, IReadOnlyDictionary<string, string> table, string? preferred = null)
    {
        if (reference?.Publisher is null || reference.Offer is null || reference.Sku is null) return null;
        var urn = $"{reference.Publisher}:{reference.Offer}:{reference.Sku}:{reference.Version ?? "latest"}";
        if (preferred is not null && Resolve(preferred, table) is { } wanted
            && string.Equals(ToUrn(wanted), urn, StringComparison.OrdinalIgnoreCase))
        {
            return preferred;
        }
        foreach (var (alias, candidate) in table)
        {
            if (string.Equals(candidate, urn, StringComparison.OrdinalIgnoreCase)) return alias;
        }
        return urn;
    }

    public static string ToUrn(ImageReference reference) =>
        $"{reference.Publisher}:{reference.Offer}:{reference.Sku}:{reference.Version ?? "latest"}";
}
