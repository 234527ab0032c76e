using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.RegularExpressions;
using GitOpsFleet.Reconciler.Service.Access;
using GitOpsFleet.Reconciler.State;

namespace GitOpsFleet.Reconciler.Tests.Service;

/// <summary>Tokens put straight into a service's store, and requests that carry them.</summary>
internal static partial class AccessTestKit
{
    public static async Task<string> CreateTokenAsync(string databasePath, string name, params string[] scopes)
    {
        var token = ApiTokens.Create();
        await using var store = await SqliteStateStore.OpenAsync(databasePath, CancellationToken.None);
        Assert.True(await store.AddTokenAsync(new ApiTokenRecord(name, ApiTokens.HashHex(token), scopes, DateTimeOffset.UtcNow, "test", null), CancellationToken.None));
        return token;
    }

    public static async Task RevokeAsync(string databasePath, string name)
    {
        await using var store = await SqliteStateStore.OpenAsync(databasePath, CancellationToken.None);
        Assert.True(await store.RevokeTokenAsync(name, DateTimeOffset.UtcNow, CancellationToken.None));
    }

    public static async Task<HttpResponseMessage> SendAsync(HttpClient http, HttpMethod method, string path, string? token, object? body = null)
    {
        using var request = new HttpRequestMessage(method, path) { Content = body is null ? null : JsonContent.Create(body) };
        if (token is not null) request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", token);
        return await http.SendAsync(request);
    }

    /// <summary>The antiforgery field of a page's form.</summary>
    public static string FormCheck(string html) => FormCheckPattern().Match(html) is { Success: true } m ? m.Groups[1].Value : throw new Xunit.Sdk.XunitException("no form-check field in:\n" + html);

    [GeneratedRegex("name=\"form-check\" value=\"([^\"]+)\"")]
    private static partial Regex FormCheckPattern();
}
