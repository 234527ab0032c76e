using GitOpsFleet.Reconciler.Service.Fleets;
using GitOpsFleet.Reconciler.Service.Metrics;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace GitOpsFleet.Reconciler.Service.Webhooks;

/// <summary>
/// /hooks/github, /hooks/gitea, /hooks/generic. The signature is checked over the raw body before anything
/// in it is read; a bad or missing one gets 401 and starts nothing. Pushes to the ref a fleet follows
/// start (or fold into) a run at once; every other delivery is acknowledged with 202 and ignored.
/// </summary>
internal static partial class WebhookEndpoints
{
    private const int MaxBody = 5 * 1024 * 1024;

    public static void Map(IEndpointRouteBuilder app)
    {
        app.MapPost("/hooks/github", (Delegate)((HttpContext http) => HandleAsync(http, "github", "X-Hub-Signature-256", "sha256=", "X-GitHub-Event")));
        app.MapPost("/hooks/gitea", (Delegate)((HttpContext http) => HandleAsync(http, "gitea", "X-Gitea-Signature", "", "X-Gitea-Event")));
        app.MapPost("/hooks/generic", (Delegate)((HttpContext http) => HandleAsync(http, "generic", "X-Hub-Signature-256", "sha256=", null)));
    }

    private static async Task<IResult> HandleAsync(HttpContext http, string source, string signatureHeader, string prefix, string? eventHeader)
    {
        var services = http.RequestServices;
        var metrics = services.GetRequiredService<ServiceMetrics>();
        var secrets = services.GetRequiredService<ServiceSecrets>();
        var logger = services.GetRequiredService<ILoggerFactory>().CreateLogger("GitOpsFleet.Reconciler.Service.Webhooks");
        var arrived = services.GetRequiredService<TimeProvider>().GetUtcNow();

        byte[] body;
        using (var buffer = new MemoryStream())
        {
            await http.Request.Body.CopyToAsync(buffer, http.RequestAborted);
            if (buffer.Length > MaxBody)
            {
                metrics.Webhooks.Add(1, source, "too_large");
                return Results.Problem(statusCode: StatusCodes.Status413PayloadTooLarge, title: "Payload too large");
            }
            body = buffer.ToArray();
        }
        if (secrets.WebhookSecret is null || !WebhookSignature.IsValid(secrets.WebhookSecret, body, http.Request.Headers[signatureHeader].ToString(), prefix))
        {
            metrics.Webhooks.Add(1, source, "unauthorized");
            Rejected(logger, source, secrets.WebhookSecret is null ? "no webhook secret is configured" : $"bad or missing {signatureHeader}");
            return Results.Problem(statusCode: StatusCodes.Status401Unauthorized, title: "Invalid signature",
                detail: secrets.WebhookSecret is null ? "This service has no webhook secret configured (--webhook-secret-file)." : $"The {signatureHeader} header does not match the body.");
        }

        var eventName = eventHeader is null ? "push" : http.Request.Headers[eventHeader].ToString();
        if (!string.Equals(eventName, "push", StringComparison.OrdinalIgnoreCase))
        {
            metrics.Webhooks.Add(1, source, "ignored");
            Ignored(logger, source, $"event '{eventName}'");
            return Results.Json(new { status = "ignored", reason = $"event '{eventName}' does not start runs" }, statusCode: StatusCodes.Status202Accepted);
        }
        var push = source == "generic" ? PushEvent.FromGenericPayload(body) : PushEvent.FromForgePayload(body);
        if (push is null)
        {
            metrics.Webhooks.Add(1, source, "bad_request");
            return Results.Problem(statusCode: StatusCodes.Status400BadRequest, title: "Unreadable payload", detail: "The body is not a JSON object.");
        }

        var catalog = services.GetRequiredService<FleetCatalog>();
        var board = services.GetRequiredService<FleetStatusBoard>();
        var coordinator = services.GetRequiredService<FleetRunCoordinator>();
        var named = http.Request.Query["fleet"].ToString() is { Length: > 0 } q ? q : push.Fleet;
        IReadOnlyList<FleetDefinition> fleets = named is not null
            ? (catalog.Find(named) is { } f ? [f] : [])
            : catalog.ByRepository(push.RepositoryUrls) is { Count: > 0 } matched ? matched
            : catalog.All.Count == 1 && push.RepositoryUrls.All(string.IsNullOrEmpty) ? catalog.All : [];
        if (fleets.Count == 0)
        {
            metrics.Webhooks.Add(1, source, "unknown_fleet");
            Ignored(logger, source, "no fleet follows this repository");
            return Results.Json(new { status = "ignored", reason = named is null ? "no fleet follows this repository" : $"no fleet named '{named}'" }, statusCode: StatusCodes.Status202Accepted);
        }

        var outcomes = new List<object>();
        var started = 0;
        foreach (var fleet in fleets)
        {
            var followed = board.FollowedRef(fleet.Name);
            if (push.Ref is { } pushed && followed is not null && !RefMatches(pushed, followed))
            {
                outcomes.Add(new { fleet = fleet.Name, status = "ignored", reason = $"push to {pushed}; the fleet follows {followed}" });
                continue;
            }
            var result = coordinator.Request(fleet.Name, new RunRequest("webhook:" + source, push.Commit, arrived));
            if (result is RunRequestResult.Started or RunRequestResult.Coalesced) started++;
            outcomes.Add(new { fleet = fleet.Name, status = result switch
            {
                RunRequestResult.Started => "started",
                RunRequestResult.Coalesced => "coalesced",
                RunRequestResult.ShuttingDown => "shutting-down",
                _ => "ignored",
            }, commit = push.Commit });
        }
        metrics.Webhooks.Add(1, source, started > 0 ? "accepted" : "ignored");
        Accepted(logger, source, started, push.Ref ?? "(no ref)");
        return Results.Json(new { status = started > 0 ? "accepted" : "ignored", fleets = outcomes }, statusCode: StatusCodes.Status202Accepted);
    }

    private static bool RefMatches(string pushed, string followed) =>
        pushed == followed || pushed == "refs/heads/" + followed || pushed == "refs/tags/" + followed;

    [LoggerMessage(ServiceEventIds.WebhookRejected, LogLevel.Warning, "Webhook from {Source} rejected: {Reason}")]
    private static partial void Rejected(ILogger logger, string source, string reason);

    [LoggerMessage(ServiceEventIds.WebhookIgnored, LogLevel.Information, "Webhook from {Source} ignored: {Reason}")]
    private static partial void Ignored(ILogger logger, string source, string reason);

    [LoggerMessage(ServiceEventIds.WebhookAccepted, LogLevel.Information, "Webhook from {Source}: push to {Ref} started or joined {Count} run(s)")]
    private static partial void Accepted(ILogger logger, string source, int count, string @ref);
}
