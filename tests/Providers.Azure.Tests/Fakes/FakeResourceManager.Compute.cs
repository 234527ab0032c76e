using System.Collections.Concurrent;
using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.Extensions;

namespace GitOpsFleet.Providers.Azure.Tests.Fakes;

internal sealed partial class FakeResourceManager
{
    private readonly ConcurrentDictionary<string, JsonObject> _scaleSets = new(StringComparer.OrdinalIgnoreCase);
    private readonly ConcurrentDictionary<string, FakeOperation> _operations = new(StringComparer.OrdinalIgnoreCase);

    private sealed class FakeOperation(string kind, string name, string? failCode, string? failMessage)
    {
        public string Kind { get; } = kind;
        public string Name { get; } = name;
        public string? FailCode { get; } = failCode;
        public string? FailMessage { get; } = failMessage;
        public int Polls;
        public bool Done;
    }

    /// <summary>The scale set as Resource Manager holds it now (a copy), or null.</summary>
    /// <summary>What an operator does in the portal: changes a scale set's capacity behind GitOpsFleet's back.</summary>
    public void SetCapacityByHand(string name, int capacity) => _scaleSets[name]["sku"]!["capacity"] = capacity;

    public JsonObject? ScaleSet(string name) => _scaleSets.TryGetValue(name, out var s) ? (JsonObject)s.DeepClone() : null;

    /// <summary>Polls the client made of operations of the given kind ("put" or "delete").</summary>
    public int PollCount(string kind) => _operations.Values.Where(o => o.Kind == kind).Sum(o => Volatile.Read(ref o.Polls));

    /// <summary>A scale set made outside GitOpsFleet (by hand, or by another tool).</summary>
    public void Seed(string name, IReadOnlyDictionary<string, string> tags, string sku = "Standard_D4s_v5", int capacity = 1,
        string image = "Canonical:ubuntu-24_04-lts:server:latest", string location = "westeurope")
    {
        var parts = image.Split(':');
        var tagObject = new JsonObject();
        foreach (var (key, value) in tags) tagObject[key] = value;
        var body = new JsonObject
        {
            ["location"] = location,
            ["tags"] = tagObject,
            ["sku"] = new JsonObject { ["name"] = sku, ["tier"] = "Standard", ["capacity"] = capacity },
            ["properties"] = new JsonObject
            {
                ["virtualMachineProfile"] = new JsonObject
                {
                    ["storageProfile"] = new JsonObject
                    {
                        ["imageReference"] = new JsonObject { ["publisher"] = parts[0], ["offer"] = parts[1], ["sku"] = parts[2], ["version"] = parts[3] },
                    },
                },
            },
        };
        _scaleSets[name] = Stored(name, body, existing: null, "Succeeded");
    }

    private async Task<int> RouteAsync(HttpContext context, string body)
    {
        var request = context.Request;
        var segments = (request.Path.Value ?? "").Trim('/').Split('/');
        bool Is(int index, string value) => segments.Length > index && string.Equals(segments[index], value, StringComparison.OrdinalIgnoreCase);

        if (Is(0, "subscriptions") && segments.Length > 1 && segments[1] != Subscription)
        {
            return await ErrorAsync(context, 404, "SubscriptionNotFound", $"The subscription '{segments[1]}' could not be found.");
        }
        if (Is(0, "subscriptions") && Is(2, "providers") && Is(3, "Microsoft.Compute") && Is(4, "locations") && segments.Length == 8)
        {
            return Is(6, "operations") ? await OperationStatusAsync(context, segments[7])
                : Is(6, "operationResults") ? await OperationResultAsync(context, segments[7])
                : await ErrorAsync(context, 404, "NotFound", "No such operation route.");
        }
        if (Is(0, "subscriptions") && Is(2, "resourceGroups") && Is(4, "providers") && Is(5, "Microsoft.Compute") && Is(6, "virtualMachineScaleSets"))
        {
            if (!string.Equals(segments[3], ResourceGroup, StringComparison.OrdinalIgnoreCase))
            {
                return await ErrorAsync(context, 404, "ResourceGroupNotFound", $"Resource group '{segments[3]}' could not be found.");
            }
            if (request.Query["api-version"] != ComputeApiVersion)
            {
                return await ErrorAsync(context, 400, "InvalidApiVersionParameter",
                    $"The api-version '{request.Query["api-version"]}' is invalid. This endpoint speaks '{ComputeApiVersion}' only.");
            }
            if (segments.Length == 7 && HttpMethods.IsGet(request.Method)) return await ListAsync(context);
            if (segments.Length == 9 && Is(8, "virtualMachines") && HttpMethods.IsGet(request.Method)) return await InstancesAsync(context, segments[7]);
            if (segments.Length == 8)
            {
                var name = segments[7];
                if (HttpMethods.IsGet(request.Method)) return await GetAsync(context, name);
                if (HttpMethods.IsPut(request.Method)) return await PutAsync(context, name, body);
                if (HttpMethods.IsDelete(request.Method)) return await DeleteAsync(context, name);
            }
        }
        return await ErrorAsync(context, 404, "NoRegisteredProviderFound", $"The fake has no route for {request.Method} {request.Path}.");
    }

    private async Task<int> ListAsync(HttpContext context)
    {
        var skip = int.TryParse(context.Request.Query["$skiptoken"], out var s) ? s : 0;
        var all = _scaleSets.OrderBy(p => p.Key, StringComparer.Ordinal).Select(p => p.Value.DeepClone()).ToList();
        var page = new JsonArray(all.Skip(skip).Take(PageSize).ToArray());
        var result = new JsonObject { ["value"] = page };
        if (skip + PageSize < all.Count)
        {
            result["nextLink"] = new Uri(BaseUri, $"{ScaleSetsPath()}?api-version={ComputeApiVersion}&$skiptoken={skip + PageSize}").ToString();
        }
        return await JsonAsync(context, 200, result);
    }

    private async Task<int> GetAsync(HttpContext context, string name) =>
        _scaleSets.TryGetValue(name, out var scaleSet)
            ? await JsonAsync(context, 200, scaleSet.DeepClone())
            : await ErrorAsync(context, 404, "ResourceNotFound",
                $"The Resource 'Microsoft.Compute/virtualMachineScaleSets/{name}' under resource group '{ResourceGroup}' was not found.");

    private async Task<int> PutAsync(HttpContext context, string name, string body)
    {
        if (JsonNode.Parse(body) is not JsonObject model)
        {
            return await ErrorAsync(context, 400, "InvalidRequestContent", "The request content was invalid and could not be deserialized.");
        }
        var badTags = (model["tags"] as JsonObject ?? []).Select(t => t.Key).Where(k => k.IndexOfAny(['<', '>', '%', '&', '\\', '?', '/']) >= 0).ToList();
        if (badTags.Count > 0)
        {
            return await ErrorAsync(context, 400, "InvalidTagNameCharacters",
                $"The tag names '{string.Join(",", badTags)}' have reserved characters '<,>,%,&,\\,?,/' or control characters.");
        }
        var location = (string?)model["location"];
        var sku = (string?)model["sku"]?["name"];
        if (string.IsNullOrEmpty(location)) return await ErrorAsync(context, 400, "LocationRequired", "The location property is required for this definition.");
        if (UnavailableLocations.Contains(location))
        {
            return await ErrorAsync(context, 400, "LocationNotAvailableForResourceType",
                $"The provided location '{location}' is not available for resource type 'Microsoft.Compute/virtualMachineScaleSets'.");
        }
        if (sku is null || UnavailableSkus.Contains(sku))
        {
            return await ErrorAsync(context, 400, "SkuNotAvailable",
                $"The requested VM size {sku} is currently not available in location '{location}'. Please try another size or deploy to a different location.");
        }

        _scaleSets.TryGetValue(name, out var existing);
        var stored = Stored(name, model, existing, existing is null ? "Creating" : "Updating");
        _scaleSets[name] = stored;
        var id = Guid.NewGuid().ToString();
        var failure = AllocationFailures.Contains(sku);
        _operations[id] = new FakeOperation("put", name,
            failure ? "AllocationFailed" : null,
            failure ? $"Allocation failed. We do not have sufficient capacity for the requested VM size {sku} in this region." : null);
        context.Response.Headers["Azure-AsyncOperation"] = OperationUri(location, "operations", id);
        return await JsonAsync(context, existing is null ? 201 : 200, stored.DeepClone());
    }

    private async Task<int> DeleteAsync(HttpContext context, string name)
    {
        if (!_scaleSets.TryGetValue(name, out var scaleSet)) return await JsonAsync(context, 204, null);
        scaleSet["properties"]!["provisioningState"] = "Deleting";
        var id = Guid.NewGuid().ToString();
        _operations[id] = new FakeOperation("delete", name, null, null);
        context.Response.Headers.Location = OperationUri((string)scaleSet["location"]!, "operationResults", id);
        return await JsonAsync(context, 202, null);
    }

    private async Task<int> OperationStatusAsync(HttpContext context, string id)
    {
        if (!_operations.TryGetValue(id, out var operation)) return await ErrorAsync(context, 404, "NotFound", "No such operation.");
        var polls = Interlocked.Increment(ref operation.Polls);
        var status = new JsonObject { ["name"] = id, ["startTime"] = DateTimeOffset.UtcNow.ToString("O") };
        if (polls <= PollsBeforeDone)
        {
            status["status"] = "InProgress";
            if (OperationRetryAfterSeconds is { } seconds) context.Response.Headers.RetryAfter = seconds.ToString(System.Globalization.CultureInfo.InvariantCulture);
            return await JsonAsync(context, 200, status);
        }
        operation.Done = true;
        var scaleSet = _scaleSets[operation.Name];
        if (operation.FailCode is not null)
        {
            scaleSet["properties"]!["provisioningState"] = "Failed";
            status["status"] = "Failed";
            status["error"] = new JsonObject { ["code"] = operation.FailCode, ["message"] = operation.FailMessage };
        }
        else
        {
            scaleSet["properties"]!["provisioningState"] = "Succeeded";
            status["status"] = "Succeeded";
        }
        status["endTime"] = DateTimeOffset.UtcNow.ToString("O");
        return await JsonAsync(context, 200, status);
    }

    private async Task<int> OperationResultAsync(HttpContext context, string id)
    {
        if (!_operations.TryGetValue(id, out var operation)) return await ErrorAsync(context, 404, "NotFound", "No such operation.");
        var polls = Interlocked.Increment(ref operation.Polls);
        if (polls <= PollsBeforeDone)
        {
            context.Response.Headers.Location = UriHelper.GetEncodedUrl(context.Request);
            return await JsonAsync(context, 202, null);
        }
        // The scale set disappears only now, so a client that stopped polling early would still see it.
        operation.Done = true;
        _scaleSets.TryRemove(operation.Name, out _);
        return await JsonAsync(context, 200, null);
    }

    private JsonObject Stored(string name, JsonObject model, JsonObject? existing, string provisioningState)
    {
        var stored = (JsonObject)model.DeepClone();
        stored["id"] = $"{ScaleSetsPath()}/{name}";
        stored["name"] = name;
        stored["type"] = "Microsoft.Compute/virtualMachineScaleSets";
        if (stored["properties"] is not JsonObject properties) stored["properties"] = properties = [];
        properties["provisioningState"] = provisioningState;
        properties["uniqueId"] = (string?)existing?["properties"]?["uniqueId"] ?? Guid.NewGuid().ToString();
        properties["timeCreated"] = (string?)existing?["properties"]?["timeCreated"] ?? DateTimeOffset.UtcNow.ToString("O");
        return stored;
    }

    private string ScaleSetsPath() =>
        $"/subscriptions/{Subscription}/resourceGroups/{ResourceGroup}/providers/Microsoft.Compute/virtualMachineScaleSets";

    private string OperationUri(string location, string kind, string id) =>
        new Uri(BaseUri, $"subscriptions/{Subscription}/providers/Microsoft.Compute/locations/{location}/{kind}/{id}?api-version={ComputeApiVersion}").ToString();
}
