using System.Collections.Concurrent;
using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Http;

namespace GitOpsFleet.Providers.Azure.Tests.Fakes;

internal sealed partial class FakeResourceManager
{
    private readonly ConcurrentDictionary<string, string?[]> _powerStates = new(StringComparer.OrdinalIgnoreCase);

    /// <summary>
    /// The power state each instance of a scale set reports in its instance view ("running", "deallocated"; null reports
    /// none). Without it, a scale set has as many instances as its capacity, all running.
    /// </summary>
    public void SetPowerStates(string scaleSet, params string?[] states) => _powerStates[scaleSet] = states;

    /// <summary>VirtualMachineScaleSetVMs_List, paged like the scale set list; $expand=instanceView adds each instance's statuses.</summary>
    private async Task<int> InstancesAsync(HttpContext context, string name)
    {
        if (!_scaleSets.TryGetValue(name, out var scaleSet))
        {
            return await ErrorAsync(context, 404, "ResourceNotFound",
                $"The Resource 'Microsoft.Compute/virtualMachineScaleSets/{name}' under resource group '{ResourceGroup}' was not found.");
        }
        var states = _powerStates.TryGetValue(name, out var set)
            ? set
            : Enumerable.Repeat<string?>("running", (int?)scaleSet["sku"]?["capacity"] ?? 0).ToArray();
        var expand = string.Equals(context.Request.Query["$expand"], "instanceView", StringComparison.OrdinalIgnoreCase);
        var skip = int.TryParse(context.Request.Query["$skiptoken"], out var s) ? s : 0;
        var page = new JsonArray();
        for (var i = skip; i < Math.Min(states.Length, skip + PageSize); i++)
        {
            var properties = new JsonObject { ["provisioningState"] = "Succeeded", ["latestModelApplied"] = true };
            if (expand)
            {
                var statuses = new JsonArray { new JsonObject { ["code"] = "ProvisioningState/succeeded", ["level"] = "Info", ["displayStatus"] = "Provisioning succeeded" } };
                if (states[i] is { } state) statuses.Add(new JsonObject { ["code"] = $"PowerState/{state}", ["level"] = "Info", ["displayStatus"] = $"VM {state}" });
                properties["instanceView"] = new JsonObject { ["statuses"] = statuses };
            }
            page.Add(new JsonObject
            {
                ["id"] = $"{ScaleSetsPath()}/{name}/virtualMachines/{i}",
                ["name"] = $"{name}_{i}",
                ["instanceId"] = i.ToString(System.Globalization.CultureInfo.InvariantCulture),
                ["type"] = "Microsoft.Compute/virtualMachineScaleSets/virtualMachines",
                ["location"] = scaleSet["location"]?.DeepClone(),
                ["properties"] = properties,
            });
        }
        var result = new JsonObject { ["value"] = page };
        if (skip + PageSize < states.Length)
        {
            result["nextLink"] = new Uri(BaseUri,
                $"{ScaleSetsPath()}/{name}/virtualMachines?api-version={ComputeApiVersion}&$expand={context.Request.Query["$expand"]}&$skiptoken={skip + PageSize}").ToString();
        }
        return await JsonAsync(context, 200, result);
    }
}
