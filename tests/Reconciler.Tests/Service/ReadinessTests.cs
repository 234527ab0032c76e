using System.Net;
using System.Text.Json.Nodes;
using Microsoft.Data.Sqlite;

namespace GitOpsFleet.Reconciler.Tests.Service;

/// <summary>/readyz writes to the state store: a store that still answers reads but takes no writes is not ready.</summary>
public sealed class ReadinessTests
{
    private static Task<InProcessService> StartAsync() =>
        InProcessService.StartAsync(["ready"], (_, _) => Task.FromResult("no-changes"), _ => { });

    private static async Task<(HttpStatusCode Status, JsonObject Body)> ReadyzAsync(InProcessService service)
    {
        using var response = await service.Http.GetAsync("/readyz");
        return (response.StatusCode, JsonNode.Parse(await response.Content.ReadAsStringAsync())!.AsObject());
    }

    private static async Task WaitReadyAsync(InProcessService service)
    {
        await Eventually.ValueAsync(() => ReadyzAsync(service), r => r.Status == HttpStatusCode.OK, TimeSpan.FromSeconds(60),
            r => $"/readyz still answers {(int)r.Status} {r.Body.ToJsonString()}");
    }

    [Fact]
    public async Task Readyz_WhileAnotherConnectionHoldsTheWriteLock_IsNotReady_ThenReadyAgain()
    {
        await using var service = await StartAsync();
        await WaitReadyAsync(service);
        await using var other = new SqliteConnection($"Data Source={service.DatabasePath};Pooling=False");
        await other.OpenAsync();
        await using (var begin = other.CreateCommand())
        {
            begin.CommandText = "BEGIN EXCLUSIVE";
            await begin.ExecuteNonQueryAsync();
        }

        var (status, body) = await ReadyzAsync(service);

        Assert.Equal(HttpStatusCode.ServiceUnavailable, status);
        Assert.Contains("locked", body["stateStore"]!.GetValue<string>(), StringComparison.Ordinal);
        await using (var rollback = other.CreateCommand())
        {
            rollback.CommandText = "ROLLBACK";
            await rollback.ExecuteNonQueryAsync();
        }
        Assert.Equal(HttpStatusCode.OK, (await ReadyzAsync(service)).Status);
    }

    [Fact]
    public async Task Readyz_AfterTheDatabaseFileWasEmptied_IsNotReady()
    {
        await using var service = await StartAsync();
        await WaitReadyAsync(service);
        await using (var truncate = new FileStream(service.DatabasePath, FileMode.Open, FileAccess.Write, FileShare.ReadWrite)) truncate.SetLength(0);

        var (status, body) = await ReadyzAsync(service);

        Assert.Equal(HttpStatusCode.ServiceUnavailable, status);
        Assert.Contains("the file is empty", body["stateStore"]!.GetValue<string>(), StringComparison.Ordinal);
    }
}
