using System.Text.Json;
using System.Text.Json.Nodes;
using GitOpsFleet.Reconciler.Pipeline.Approvals;
using GitOpsFleet.Reconciler.Service.Access;
using GitOpsFleet.Reconciler.Service.Fleets;
using GitOpsFleet.Reconciler.State;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.Logging;

namespace GitOpsFleet.Reconciler.Service.Api;

/// <summary>
/// POST /api/runs/{id}/approve and /reject: a person's decision on a run waiting for approval, as the CLI's
/// approve and reject take it. It needs a token of scope approve; refusals are Problem Details, decisions go to the audit log.
/// </summary>
internal static partial class ApprovalEndpoints
{
    public static void Map(IEndpointRouteBuilder app)
    {
        var api = app.MapGroup("/api");
        api.MapPost("/runs/{id:long}/approve", (long id, HttpContext http, IStateStore store, FleetCatalog catalog,
            FleetRunCoordinator coordinator, AuditTrail audit, TimeProvider time, ILoggerFactory logs, CancellationToken ct) =>
            DecideAsync(id, ApprovalDecision.Approve, http, store, catalog, coordinator, audit, time, logs, ct));
        api.MapPost("/runs/{id:long}/reject", (long id, HttpContext http, IStateStore store, FleetCatalog catalog,
            FleetRunCoordinator coordinator, AuditTrail audit, TimeProvider time, ILoggerFactory logs, CancellationToken ct) =>
            DecideAsync(id, ApprovalDecision.Reject, http, store, catalog, coordinator, audit, time, logs, ct));
    }

    private static async Task<IResult> DecideAsync(long id, ApprovalDecision decision, HttpContext http, IStateStore store,
        FleetCatalog catalog, FleetRunCoordinator coordinator, AuditTrail audit, TimeProvider time, ILoggerFactory logs, CancellationToken cancellationToken)
    {
        var access = await ApiAccess.RequireAsync(http, ApiScope.Approve, cancellationToken);
        if (access.Caller is not { } caller) return access.Refusal!;
        JsonObject? body;
        try
        {
            body = await JsonNode.ParseAsync(http.Request.Body, cancellationToken: cancellationToken) as JsonObject;
        }
        catch (JsonException)
        {
            body = null;
        }
        // The service has no OS user to fall back on: the decision must say whose it is.
        if (body?["by"] is not JsonValue byValue || !byValue.TryGetValue<string>(out var by) || string.IsNullOrWhiteSpace(by))
        {
            return Results.Problem(statusCode: StatusCodes.Status400BadRequest, title: "Bad request", detail: "Send a JSON body {\"by\": \"name\", \"reason\": \"why\"}; by is required.");
        }
        var reason = body["reason"] is JsonValue r && r.TryGetValue<string>(out var text) ? text : null;
        var answer = await RecordAsync(id, decision, by, reason, "the API", store, catalog, coordinator, time, logs, cancellationToken);
        if (answer.Accepted) await AuditAsync(audit, caller.Name, AuditTrail.OriginOf(http), id, answer.Record!, cancellationToken);
        if (!answer.Accepted)
        {
            return answer.Refusal == ApprovalRefusal.UnknownRun
                ? Results.Problem(statusCode: StatusCodes.Status404NotFound, title: "Not found", detail: answer.Message)
                : Results.Problem(statusCode: StatusCodes.Status409Conflict, title: Title(answer.Refusal), detail: answer.Message,
                    extensions: new Dictionary<string, object?> { ["reason"] = Code(answer.Refusal) });
        }
        var record = answer.Record!;
        return Results.Json(new JsonObject
        {
            ["run"] = id,
            ["fleet"] = record.Fleet,
            ["decision"] = record.Decision.ToString().ToLowerInvariant(),
            ["by"] = record.Approver,
            ["reason"] = record.Reason,
            ["fingerprint"] = record.Fingerprint,
            ["message"] = answer.Message,
        });
    }

    /// <summary>
    /// Records a decision taken over HTTP (the API, or the dashboard's form once it checked the token), logs it, and
    /// starts the fleet's next run after an approval, since that run is what applies it.
    /// </summary>
    public static async Task<ApprovalAnswer> RecordAsync(long id, ApprovalDecision decision, string by, string? reason, string channel, IStateStore store,
        FleetCatalog catalog, FleetRunCoordinator coordinator, TimeProvider time, ILoggerFactory logs, CancellationToken cancellationToken)
    {
        var answer = await ApprovalDesk.DecideAsync(store, id, decision, by, reason, time.GetUtcNow(), cancellationToken);
        var logger = logs.CreateLogger("GitOpsFleet.Reconciler.Service.Api");
        if (!answer.Accepted)
        {
            DecisionRefused(logger, id, channel, answer.Refusal.ToString());
            return answer;
        }
        var record = answer.Record!;
        PlanDecided(logger, id, record.Fleet, record.Decision.ToString().ToLowerInvariant(), record.Approver, channel);
        // An approval is applied by the fleet's next run: start it now rather than at the next schedule.
        if (decision == ApprovalDecision.Approve && catalog.Find(record.Fleet) is not null) coordinator.Request(record.Fleet, new RunRequest("api", null, time.GetUtcNow()));
        return answer;
    }

    /// <summary>
    /// The audit entry of an accepted decision: the token is who acted (what the service can vouch for), the name typed
    /// into the decision is kept beside it, since one shared token may serve several people.
    /// </summary>
    public static Task AuditAsync(AuditTrail audit, string actor, string origin, long id, ApprovalRecord record, CancellationToken cancellationToken) =>
        audit.RecordAsync(actor, record.Decision == ApprovalDecision.Approve ? AuditActions.PlanApprove : AuditActions.PlanReject,
            $"run {id.ToString(System.Globalization.CultureInfo.InvariantCulture)}", origin,
            $"fleet {record.Fleet}, by {record.Approver}" + (record.Reason is { Length: > 0 } r ? $", reason: {r}" : ""), cancellationToken);

    private static string Title(ApprovalRefusal refusal) => refusal switch
    {
        ApprovalRefusal.NotWaiting => "Run not waiting for approval",
        ApprovalRefusal.PolicyDenied => "Policy denied the plan",
        ApprovalRefusal.NotApprovable => "No plan fingerprint to approve",
        _ => "Already decided",
    };

    private static string Code(ApprovalRefusal refusal) => refusal switch
    {
        ApprovalRefusal.NotWaiting => "not-waiting",
        ApprovalRefusal.PolicyDenied => "policy-denied",
        ApprovalRefusal.NotApprovable => "no-fingerprint",
        _ => "already-decided",
    };

    [LoggerMessage(ServiceEventIds.PlanDecided, LogLevel.Information, "Run {RunId} of {Fleet}: plan {Decision} by {Approver} through {Channel}")]
    private static partial void PlanDecided(ILogger logger, long runId, string fleet, string decision, string approver, string channel);

    [LoggerMessage(ServiceEventIds.PlanDecisionRefused, LogLevel.Warning, "Decision on run {RunId} refused through {Channel}: {Refusal}")]
    private static partial void DecisionRefused(ILogger logger, long runId, string channel, string refusal);
}
