using System.Globalization;
using System.Text.Json.Nodes;
using GitOpsFleet.Reconciler.Service.Access;
using GitOpsFleet.Reconciler.State;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;

namespace GitOpsFleet.Reconciler.Service.Api;

/// <summary>
/// GET /api/audit: who changed what, when and from where. It always needs a token (any scope reads), even when the
/// rest of the read API is open: it names tokens and the addresses people work from.
/// </summary>
internal static class AuditEndpoints
{
    public const int MaxEntries = 1000;

    public static void Map(IEndpointRouteBuilder app)
    {
        app.MapGet("/api/audit", async (string? since, int? limit, HttpContext http, IStateStore store, CancellationToken ct) =>
        {
            var access = await ApiAccess.RequireAsync(http, ApiScope.Read, ct);
            if (access.Caller is null) return access.Refusal!;
            DateTimeOffset? from = null;
            if (!string.IsNullOrEmpty(since))
            {
                if (!DateTimeOffset.TryParse(since, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal, out var parsed))
                {
                    return Results.Problem(statusCode: StatusCodes.Status400BadRequest, title: "Bad request", detail: $"since must be a date or time such as 2026-12-01 or 2026-12-01T08:00:00Z, not '{since}'.");
                }
                from = parsed;
            }
            var entries = await store.ListAuditAsync(from, Math.Clamp(limit ?? MaxEntries, 1, MaxEntries), ct);
            return Results.Json(new JsonObject { ["items"] = new JsonArray(entries.Select(e => (JsonNode)View(e)).ToArray()) });
        });
    }

    public static JsonObject View(AuditRecord e) => new()
    {
        ["id"] = e.Id,
        ["at"] = e.At.UtcDateTime.ToString("O", CultureInfo.InvariantCulture),
        ["actor"] = e.Actor,
        ["action"] = e.Action,
        ["target"] = e.Target,
        ["origin"] = e.Origin,
        ["detail"] = e.Detail,
    };
}
