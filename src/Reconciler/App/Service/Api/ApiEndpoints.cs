using System.Text.Json.Nodes;
using GitOpsFleet.Reconciler.Service.Access;
using GitOpsFleet.Reconciler.Service.Fleets;
using GitOpsFleet.Reconciler.State;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.Logging;

namespace GitOpsFleet.Reconciler.Service.Api;

/// <summary>
/// The JSON API. Reads are open (they carry no secrets) unless --require-read-token (<see cref="ReadGate"/>); starting a
/// run needs a token of scope run, and every start is written to the audit log under the token's name.
/// </summary>
internal static partial class ApiEndpoints
{
    public const int MaxPage = 200;

    public static void Map(IEndpointRouteBuilder app)
    {
        var api = app.MapGroup("/api");
        api.MapGet("/fleets", async (FleetStatusBoard board, CancellationToken ct) =>
        {
            await board.RefreshAsync(ct);
            return Results.Json(new JsonObject { ["items"] = new JsonArray(board.All().Select(f => (JsonNode)ApiViews.Fleet(f)).ToArray()) });
        });
        api.MapGet("/fleets/{name}", async (string name, FleetStatusBoard board, IStateStore store, CancellationToken ct) =>
        {
            await board.RefreshAsync(ct);
            if (board.Get(name) is not { } f) return NotFound($"No fleet named '{name}'.");
            var o = ApiViews.Fleet(f);
            var runs = await store.ListRunsAsync(name, null, 20, 0, ct);
            o["runs"] = new JsonArray(runs.Select(r => (JsonNode)ApiViews.Run(r)).ToArray());
            return Results.Json(o);
        });
        api.MapGet("/runs", async (string? fleet, string? result, int? limit, int? offset, IStateStore store, CancellationToken ct) =>
        {
            var take = Math.Clamp(limit ?? 50, 1, MaxPage);
            var skip = Math.Max(0, offset ?? 0);
            var runs = await store.ListRunsAsync(fleet, result, take + 1, skip, ct);
            return Results.Json(new JsonObject
            {
                ["items"] = new JsonArray(runs.Take(take).Select(r => (JsonNode)ApiViews.Run(r)).ToArray()),
                ["limit"] = take,
                ["offset"] = skip,
                ["nextOffset"] = runs.Count > take ? skip + take : null,
            });
        });
        api.MapGet("/runs/{id:long}", async (long id, IStateStore store, CancellationToken ct) =>
            await store.GetRunAsync(id, ct) is { } run ? Results.Json(ApiViews.RunDetail(run)) : NotFound($"No run with id {id}."));
        api.MapGet("/decisions", async (string? fleet, int? limit, IStateStore store, CancellationToken ct) =>
        {
            var take = Math.Clamp(limit ?? 20, 1, 100);
            var items = new JsonArray();
            // Decisions live in each run's document; walk recent runs until enough are found.
            foreach (var summary in await store.ListRunsAsync(fleet, null, take * 3, 0, ct))
            {
                if (items.Count >= take) break;
                if (await store.GetRunAsync(summary.Id, ct) is { } run && ApiViews.Decision(run) is { } d) items.Add(d);
            }
            return Results.Json(new JsonObject { ["items"] = items });
        });
        api.MapGet("/evidence", async (string? since, string? until, string? fleet, string? format, IStateStore store, TimeProvider time, CancellationToken ct) =>
        {
            if (since is null || !GitOpsFleet.Reconciler.Policy.Evidence.EvidencePeriod.TryReadInstant(since, out var from)) return BadRequest("since must be a date (2026-07-01) or a time with its offset (2026-07-01T00:00:00Z).");
            var to = time.GetUtcNow();
            if (until is not null && !GitOpsFleet.Reconciler.Policy.Evidence.EvidencePeriod.TryReadInstant(until, out to)) return BadRequest("until must be a date (2026-10-01) or a time with its offset.");
            if (to <= from) return BadRequest("until must be after since.");
            if (format is not (null or "json" or "csv")) return BadRequest($"format must be json or csv, not '{format}'.");
            var evidence = await GitOpsFleet.Reconciler.Policy.Evidence.PolicyEvidenceBuilder.BuildAsync(store, from, to, fleet, ct);
            return format == "csv"
                ? Results.Text(GitOpsFleet.Reconciler.Policy.Evidence.PolicyEvidenceCsv.Write(evidence), "text/csv; charset=utf-8")
                : Results.Json(evidence, GitOpsFleet.Reconciler.Policy.Evidence.PolicyEvidenceJson.Default.PolicyEvidence);
        });
        api.MapGet("/prs", async (string? fleet, string? state, IStateStore store, CancellationToken ct) =>
        {
            PullRequestState? filter = null;
            if (!string.IsNullOrEmpty(state) && state != "all")
            {
                if (!Enum.TryParse<PullRequestState>(state, ignoreCase: true, out var s)) return BadRequest($"state must be open, closed, merged, resolved or all, not '{state}'.");
                filter = s;
            }
            var prs = await store.ListPullRequestsAsync(fleet, filter, ct);
            return Results.Json(new JsonObject { ["items"] = new JsonArray(prs.Select(p => (JsonNode)ApiViews.PullRequest(p)).ToArray()) });
        });
        api.MapPost("/fleets/{name}/reconcile", async (string name, HttpContext http, FleetCatalog catalog, FleetRunCoordinator coordinator, AuditTrail audit,
            TimeProvider time, ILoggerFactory logs, CancellationToken ct) =>
        {
            var access = await ApiAccess.RequireAsync(http, ApiScope.Run, ct);
            if (access.Caller is not { } caller) return access.Refusal!;
            if (catalog.Find(name) is null) return NotFound($"No fleet named '{name}'.");
            // Recorded before the run is asked for: a run the audit log cannot name is not started.
            await audit.RecordAsync(caller.Name, AuditActions.RunRequest, name, AuditTrail.OriginOf(http), null, ct);
            var result = coordinator.Request(name, new RunRequest("api", null, time.GetUtcNow()));
            ManualRun(logs.CreateLogger("GitOpsFleet.Reconciler.Service.Api"), name, caller.Name, result.ToString());
            return result == RunRequestResult.ShuttingDown
                ? Results.Problem(statusCode: StatusCodes.Status503ServiceUnavailable, title: "Shutting down")
                : Results.Json(new JsonObject { ["fleet"] = name, ["status"] = result == RunRequestResult.Started ? "started" : "coalesced" }, statusCode: StatusCodes.Status202Accepted);
        });
        app.MapGet("/openapi.json", () => Results.Text(OpenApiDocument.Json, "application/json"));
    }

    private static IResult NotFound(string detail) => Results.Problem(statusCode: StatusCodes.Status404NotFound, title: "Not found", detail: detail);

    private static IResult BadRequest(string detail) => Results.Problem(statusCode: StatusCodes.Status400BadRequest, title: "Bad request", detail: detail);

    [LoggerMessage(ServiceEventIds.ManualRun, LogLevel.Information, "Manual run of {Fleet} requested through the API by token {TokenName}: {Result}")]
    private static partial void ManualRun(ILogger logger, string fleet, string tokenName, string result);
}
