using System.Text;
using System.Text.Json;
using Azure.Core;
using Azure.ResourceManager.Compute;
using Azure.ResourceManager.Compute.Models;
using GitOpsFleet.Model;

namespace GitOpsFleet.Providers.Azure;

/// <summary>Translates between a pool's desired node and a scale set's Resource Manager model, both ways.</summary>
internal sealed class ScaleSetModel
{
    private readonly AzureProviderOptions _options;
    private readonly IReadOnlyDictionary<string, string> _images;

    public ScaleSetModel(AzureProviderOptions options)
    {
        _options = options;
        _images = MarketplaceImages.Table(options.ImageAliases);
    }

    public static string ScaleSetName(string fleet, string pool) => $"{fleet}-{pool}";

    /// <summary>The full model of the scale set Git asks for, or the problems (as a person would fix them in the pool file).</summary>
    public VirtualMachineScaleSetData? Build(DesiredNode desired, PoolSpec? pool, AzureSettings azure, out IReadOnlyList<string> problems)
    {
        var found = new List<string>();
        problems = found;
        var location = pool?.Region ?? azure.Location;
        if (string.IsNullOrWhiteSpace(location)) found.Add($"pool {desired.Pool} sets no region and the fleet sets no azure.location");
        if (string.IsNullOrWhiteSpace(desired.Machine.Size)) found.Add($"pool {desired.Pool} sets no machine.size (an Azure VM size such as Standard_D4s_v5)");
        ImageReference? image = null;
        if (string.IsNullOrWhiteSpace(desired.Machine.Image))
        {
            found.Add($"pool {desired.Pool} sets no machine.image");
        }
        else if ((image = MarketplaceImages.Resolve(desired.Machine.Image, _images)) is null)
        {
            found.Add($"pool {desired.Pool}: machine.image '{desired.Machine.Image}' is neither a known alias ({string.Join(", ", _images.Keys.Order(StringComparer.Ordinal))}) nor Publisher:Offer:Sku:Version");
        }
        if (found.Count > 0) return null;

        var data = new VirtualMachineScaleSetData(new AzureLocation(location!))
        {
            Sku = new ComputeSku { Name = desired.Machine.Size, Tier = "Standard", Capacity = desired.Capacity },
            UpgradePolicy = new VirtualMachineScaleSetUpgradePolicy { Mode = Enum.Parse<VirtualMachineScaleSetUpgradeMode>(_options.UpgradeMode) },
            Overprovision = false,
            VirtualMachineProfile = new VirtualMachineScaleSetVmProfile
            {
                OSProfile = OsProfile(desired),
                StorageProfile = new VirtualMachineScaleSetStorageProfile
                {
                    ImageReference = image,
                    OSDisk = new VirtualMachineScaleSetOSDisk(DiskCreateOptionType.FromImage)
                    {
                        ManagedDisk = new VirtualMachineScaleSetManagedDisk { StorageAccountType = StorageAccountType.PremiumLrs },
                    },
                },
                // The machines read their software through the instance metadata service; tags are for observe.
                UserData = Convert.ToBase64String(JsonSerializer.SerializeToUtf8Bytes(new
                {
                    fleet = desired.Fleet,
                    pool = desired.Pool,
                    software = new { name = desired.Software.Name, version = desired.Software.Version },
                    consensus = desired.Software.Consensus is { } c ? new { name = c.Name, version = c.Version } : null,
                })),
            },
        };
        // Managed disks are encrypted at rest by Azure in any case, which is what storage.encrypted asks for.
        if (pool?.Storage.SizeGiB is { } sizeGiB)
        {
            data.VirtualMachineProfile.StorageProfile.DataDisks.Add(new VirtualMachineScaleSetDataDisk(0, DiskCreateOptionType.Empty)
            {
                DiskSizeGB = sizeGiB,
                ManagedDisk = new VirtualMachineScaleSetManagedDisk { StorageAccountType = StorageAccountType.PremiumLrs },
            });
        }
        if (_options.SubnetIdTemplate is { } template)
        {
            var subnet = template
                .Replace("{subscription}", azure.Subscription, StringComparison.Ordinal)
                .Replace("{resourceGroup}", azure.ResourceGroup, StringComparison.Ordinal)
                .Replace("{fleet}", desired.Fleet, StringComparison.Ordinal)
                .Replace("{pool}", desired.Pool, StringComparison.Ordinal)
                .Replace("{location}", location, StringComparison.Ordinal);
            var ip = new VirtualMachineScaleSetIPConfiguration("ipconfig") { Primary = true, SubnetId = new ResourceIdentifier(subnet) };
            var nic = new VirtualMachineScaleSetNetworkConfiguration("nic") { Primary = true };
            nic.IPConfigurations.Add(ip);
            data.VirtualMachineProfile.NetworkProfile = new VirtualMachineScaleSetNetworkProfile();
            data.VirtualMachineProfile.NetworkProfile.NetworkInterfaceConfigurations.Add(nic);
        }
        foreach (var (key, value) in Tags(desired)) data.Tags[key] = value;
        return data;
    }

    public static IReadOnlyDictionary<string, string> Tags(DesiredNode desired)
    {
        var tags = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase);
        foreach (var (key, value) in desired.Labels) tags[key] = value;
        tags[AzureTags.Fleet] = desired.Fleet;
        tags[AzureTags.Pool] = desired.Pool;
        tags[AzureTags.ManagedBy] = AzureTags.ManagedByValue;
        tags[AzureTags.Software] = desired.Software.Name;
        tags[AzureTags.Version] = desired.Software.Version;
        if (desired.Software.Consensus is { } consensus)
        {
            tags[AzureTags.Consensus] = consensus.Name;
            tags[AzureTags.ConsensusVersion] = consensus.Version;
        }
        return tags;
    }

    /// <summary>Null when the scale set does not carry <paramref name="fleet"/>'s tag: it is someone else's.</summary>
    public ObservedNode? Observe(VirtualMachineScaleSetData data, string fleet, IReadOnlyList<PoolSpec> pools)
    {
        var tags = new Dictionary<string, string>(data.Tags, StringComparer.OrdinalIgnoreCase);
        if (!tags.TryGetValue(AzureTags.Fleet, out var tagged) || !string.Equals(tagged, fleet, StringComparison.Ordinal)) return null;

        var poolName = tags.TryGetValue(AzureTags.Pool, out var p) && !string.IsNullOrWhiteSpace(p) ? p : null;
        var pool = poolName is null ? null : pools.FirstOrDefault(x => x.Name == poolName);
        SoftwareSpec? software = null;
        if (tags.TryGetValue(AzureTags.Software, out var name) && tags.TryGetValue(AzureTags.Version, out var version))
        {
            SoftwareSpec? consensus = tags.TryGetValue(AzureTags.Consensus, out var cName) && tags.TryGetValue(AzureTags.ConsensusVersion, out var cVersion)
                ? new SoftwareSpec(cName, cVersion)
                : null;
            software = new SoftwareSpec(name, version, consensus);
        }
        var machine = new MachineSpec(
            data.Sku?.Name,
            MarketplaceImages.Describe(data.VirtualMachineProfile?.StorageProfile?.ImageReference, _images, pool?.Machine.Image));
        var labels = tags.Where(t => !AzureTags.IsReserved(t.Key)).ToDictionary(t => t.Key, t => t.Value, StringComparer.Ordinal);
        var managed = tags.TryGetValue(AzureTags.ManagedBy, out var by) && by == AzureTags.ManagedByValue;
        var state = string.Equals(data.ProvisioningState, "Failed", StringComparison.OrdinalIgnoreCase) ? NodeState.Unhealthy : NodeState.Running;
        return new ObservedNode(
            Provider: AzureProvider.ProviderName,
            Fleet: fleet,
            Pool: poolName,
            Name: data.Name,
            Software: software,
            Machine: machine,
            Labels: labels,
            State: state,
            Managed: managed,
            Capacity: (int)Math.Min(int.MaxValue, data.Sku?.Capacity ?? 0),
            ProviderId: data.Id?.ToString(),
            Since: data.TimeCreated,
            StateReason: state == NodeState.Unhealthy ? "scale set provisioning state is Failed (see the Azure activity log)" : null);
    }

    private VirtualMachineScaleSetOSProfile OsProfile(DesiredNode desired)
    {
        var profile = new VirtualMachineScaleSetOSProfile
        {
            // Azure appends a 6-character instance suffix; a short prefix keeps host names within 15 characters.
            ComputerNamePrefix = ComputerNamePrefix(desired.Pool),
            AdminUsername = _options.AdminUsername,
        };
        if (_options.SshPublicKey is { } key)
        {
            profile.LinuxConfiguration = new LinuxConfiguration { IsPasswordAuthenticationDisabled = true };
            profile.LinuxConfiguration.SshPublicKeys.Add(new SshPublicKeyConfiguration
            {
                Path = $"/home/{_options.AdminUsername}/.ssh/authorized_keys",
                KeyData = key,
            });
        }
        return profile;
    }

    private static string ComputerNamePrefix(string pool)
    {
        var builder = new StringBuilder();
        foreach (var ch in pool)
        {
            if (char.IsAsciiLetterOrDigit(ch) || ch == '-') builder.Append(char.ToLowerInvariant(ch));
            if (builder.Length == 9) break;
        }
        return builder.ToString().Trim('-') is { Length: > 0 } prefix ? prefix : "node";
    }
}
