using System.Text.Json.Nodes;

namespace GitOpsFleet.Reconciler.Tests.Service;

internal static class ApiJson
{
    public static async Task<JsonObject> GetAsync(HttpClient http, string path)
    {
        var response = await http.GetAsync(path);
        var text = await response.Content.ReadAsStringAsync();
        Assert.True(response.IsSuccessStatusCode, $"GET {path}: {(int)response.StatusCode} {text}");
        return JsonNode.Parse(text)!.AsObject();
    }

    public static async Task<JsonArray> RunsAsync(HttpClient http, string query = "") => (await GetAsync(http, "/api/runs" + query))["items"]!.AsArray();

    /// <summary>Polls until the condition holds (the service works asynchronously); fails with the last state seen.</summary>
    public static Task<T> WaitForAsync<T>(Func<Task<T>> read, Func<T, bool> done, TimeSpan timeout, Func<T, string> describe) =>
        Eventually.ValueAsync(read, done, timeout, describe);
}
