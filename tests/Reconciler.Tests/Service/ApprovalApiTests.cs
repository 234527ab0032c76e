using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json.Nodes;
using GitOpsFleet.Reconciler.Pipeline;
using GitOpsFleet.Reconciler.Pipeline.Reports;
using GitOpsFleet.Reconciler.State;
using GitOpsFleet.Reconciler.Tests.Support;

namespace GitOpsFleet.Reconciler.Tests.Service;

/// <summary>POST /api/runs/{id}/approve and /reject on the real service host.</summary>
public sealed class ApprovalApiTests
{
    [Fact]
    public async Task Approve_NeedsTheToken_RecordsTheDecision_AndRefusalsAreProblemDetails()
    {
        using var temp = new TempDirectory("approval-api");
        File.WriteAllText(temp.Combine("token"), ServeFixture.Token);
        await using var service = await InProcessService.StartAsync(["f"], (_, _) => Task.FromResult(RunResults.NoChanges), o => o.ApiTokenFile = temp.Combine("token"));
        long waiting;
        await using (var store = await SqliteStateStore.OpenAsync(service.DatabasePath, CancellationToken.None))
        {
            var at = DateTimeOffset.UtcNow;
            waiting = await store.StartRunAsync("f", "repo", "schedule", at, CancellationToken.None);
            var report = new RunReport { Result = RunResults.Waiting, Approval = new ApprovalReport { Fingerprint = "c1:aa", Status = "waiting" } };
            await store.FinishRunAsync(new RunRecord(waiting, "f", "repo", "c1", "schedule", at, at, RunResults.Waiting, "1 to create", report.ToDocument()), CancellationToken.None);
        }

        async Task<HttpResponseMessage> PostAsync(string path, object? body, bool token = true)
        {
            using var request = new HttpRequestMessage(HttpMethod.Post, path) { Content = body is null ? null : JsonContent.Create(body) };
            if (token) request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", ServeFixture.Token);
            return await service.Http.SendAsync(request);
        }

        using var none = await PostAsync($"/api/runs/{waiting}/approve", new { by = "alice" }, token: false);
        Assert.Equal(HttpStatusCode.Unauthorized, none.StatusCode);
        using var noBy = await PostAsync($"/api/runs/{waiting}/approve", new { reason = "x" });
        Assert.Equal(HttpStatusCode.BadRequest, noBy.StatusCode);
        using var unknown = await PostAsync("/api/runs/999999/approve", new { by = "alice" });
        Assert.Equal(HttpStatusCode.NotFound, unknown.StatusCode);
        Assert.Equal("application/problem+json", unknown.Content.Headers.ContentType?.MediaType);

        using var approved = await PostAsync($"/api/runs/{waiting}/approve", new { by = "alice", reason = "maintenance window" });
        Assert.Equal(HttpStatusCode.OK, approved.StatusCode);
        var answer = JsonNode.Parse(await approved.Content.ReadAsStringAsync())!;
        Assert.Equal(("approve", "alice", "c1:aa"), (answer["decision"]!.ToString(), answer["by"]!.ToString(), answer["fingerprint"]!.ToString()));

        using var twice = await PostAsync($"/api/runs/{waiting}/reject", new { by = "alice" });
        Assert.Equal(HttpStatusCode.Conflict, twice.StatusCode);
        Assert.Equal("already-decided", JsonNode.Parse(await twice.Content.ReadAsStringAsync())!["reason"]!.ToString());

        await using var check = await SqliteStateStore.OpenAsync(service.DatabasePath, CancellationToken.None);
        var decision = Assert.Single(await check.ListApprovalsAsync("f", CancellationToken.None));
        Assert.Equal((waiting, "alice", "maintenance window", ApprovalDecision.Approve), (decision.RunId, decision.Approver, decision.Reason, decision.Decision));
    }
}
