using GitOpsFleet.Reconciler.Drift;
using GitOpsFleet.Reconciler.Service.Access;
using GitOpsFleet.Reconciler.Service.Fleets;
using GitOpsFleet.Reconciler.Service.Metrics;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace GitOpsFleet.Reconciler.Service.Webhooks;

/// <summary>
/// /hooks/github, /hooks/gitea, /hooks/gitlab, /hooks/generic. Each hook has its own secret; the proof
/// (signature header, or GitLab's token) must be there before any of the body is read, and the body is read
/// only up to its size limit and within its timeout, so unsigned or oversized deliveries cost no memory.
/// The signature is checked over the raw body before anything in it is read; a bad or missing one gets 401
/// and starts nothing. A delivery id seen before within the replay window is answered as a duplicate. Pushes
/// to the ref a fleet follows, and the merge or close of a fleet's drift pull request, start (or fold into)
/// a run at once; every other delivery is acknowledged with 202 and ignored.
/// </summary>
internal static partial class WebhookEndpoints
{
    public static void Map(IEndpointRouteBuilder app)
    {
        foreach (var source in new[] { WebhookSource.GitHub, WebhookSource.Gitea, WebhookSource.GitLab, WebhookSource.Generic })
        {
            app.MapPost("/hooks/" + source.Name, (Delegate)((HttpContext http) => HandleAsync(http, source)));
        }
    }

    private static async Task<IResult> HandleAsync(HttpContext http, WebhookSource source)
    {
        var services = http.RequestServices;
        var metrics = services.GetRequiredService<ServiceMetrics>();
        var secrets = services.GetRequiredService<ServiceSecrets>();
        var options = services.GetRequiredService<ServiceOptions>().Webhooks;
        var time = services.GetRequiredService<TimeProvider>();
        var logger = services.GetRequiredService<ILoggerFactory>().CreateLogger("GitOpsFleet.Reconciler.Service.Webhooks");
        var arrived = time.GetUtcNow();

        // Everything that can be decided from the headers is decided before the body is read: an unsigned
        // delivery must not make the service buffer megabytes first.
        var secret = secrets.WebhookSecret(source.Name);
        var proof = http.Request.Headers[source.AuthHeader].ToString();
        if (secret is null) return Unauthorized(http, metrics, logger, source, "no secret is configured for this hook", $"This service has no secret for /hooks/{source.Name} ({SecretKey(source)}).");
        if (proof.Length == 0) return Unauthorized(http, metrics, logger, source, $"no {source.AuthHeader}", $"The {source.AuthHeader} header is missing.");
        if (source.SharedToken && !WebhookSignature.IsValidToken(secret, proof))
        {
            return Unauthorized(http, metrics, logger, source, $"bad {source.AuthHeader}", $"The {source.AuthHeader} header is not this hook's token.");
        }

        var read = await WebhookBody.ReadAsync(http, options, time);
        if (read.Body is not { } body)
        {
            metrics.Webhooks.Add(1, source.Name, read.Status == StatusCodes.Status413PayloadTooLarge ? "too_large" : read.Status == StatusCodes.Status408RequestTimeout ? "timeout" : "bad_request");
            BodyRefused(logger, source.Name, read.Status, read.Reason!);
            // The rest of the body is not wanted; closing spares reading (and discarding) it for keep-alive.
            http.Response.Headers.Connection = "close";
            return Results.Problem(statusCode: read.Status, title: read.Status switch
            {
                StatusCodes.Status413PayloadTooLarge => "Payload too large",
                StatusCodes.Status408RequestTimeout => "Request body timed out",
                _ => "Unreadable body",
            }, detail: read.Reason);
        }
        if (!source.SharedToken && !WebhookSignature.IsValid(secret, body, proof, source.SignaturePrefix))
        {
            return Unauthorized(http, metrics, logger, source, $"bad {source.AuthHeader}", $"The {source.AuthHeader} header does not match the body.");
        }

        var deliveryId = source.DeliveryId(http.Request.Headers);
        var log = services.GetRequiredService<WebhookDeliveryLog>();
        if (deliveryId is not null && !log.TryRecord(source.Name, deliveryId))
        {
            metrics.Webhooks.Add(1, source.Name, "duplicate");
            Duplicate(logger, source.Name, deliveryId);
            return Results.Json(new { status = "duplicate", delivery = deliveryId, reason = "this delivery was received before; it starts no second run" }, statusCode: StatusCodes.Status200OK);
        }

        var eventName = source.EventHeader is null ? "push" : http.Request.Headers[source.EventHeader].ToString();
        var context = new Delivery(http, source, metrics, logger, arrived, deliveryId);
        if (source.PushEvents.Contains(eventName)) return await HandlePushAsync(context, body);
        if (source.PullRequestEvents.Contains(eventName)) return await HandlePullRequestAsync(context, body);
        metrics.Webhooks.Add(1, source.Name, "ignored");
        Ignored(logger, source.Name, $"event '{eventName}'");
        return Results.Json(new { status = "ignored", reason = $"event '{eventName}' does not start runs" }, statusCode: StatusCodes.Status202Accepted);
    }

    private static IResult Unauthorized(HttpContext http, ServiceMetrics metrics, ILogger logger, WebhookSource source, string reason, string detail)
    {
        metrics.Webhooks.Add(1, source.Name, "unauthorized");
        Rejected(logger, source.Name, reason);
        http.Response.Headers.Connection = "close";
        return Results.Problem(statusCode: StatusCodes.Status401Unauthorized, title: source.SharedToken ? "Invalid token" : "Invalid signature", detail: detail);
    }

    private static string SecretKey(WebhookSource source) => source.Name switch
    {
        "github" => "Webhooks:GitHubSecretFile or --webhook-secret-file",
        "gitea" => "Webhooks:GiteaSecretFile or --webhook-secret-file",
        "gitlab" => "Webhooks:GitLabTokenFile",
        _ => "Webhooks:GenericSecretFile or --webhook-secret-file",
    };

    private static async Task<IResult> HandlePushAsync(Delivery d, byte[] body)
    {
        var push = d.Source.ReadPush(body);
        if (push is null) return BadPayload(d);
        var board = d.Services.GetRequiredService<FleetStatusBoard>();
        var fleets = PushFleets(d.Services.GetRequiredService<FleetCatalog>(), push);
        if (fleets.Count == 0) return UnknownFleet(d, push.Fleet is { } named ? $"no fleet named '{named}'" : "no fleet follows this repository");
        if (NarrowToQuery(d, fleets) is not { } chosen) return FleetConflict(d, fleets);
        fleets = chosen;

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
            var (outcome, joined) = await StartAsync(d, fleet, "webhook:" + d.Source.Name, push.Commit, push.Sender,
                $"push to {push.Ref ?? "(no ref)"}{(push.Commit is { } c ? " at " + c : "")}");
            outcomes.Add(outcome);
            if (joined) started++;
        }
        return Answer(d, "push", started, push.Ref ?? "(no ref)", outcomes);
    }

    /// <summary>
    /// A merged or closed drift pull request: the fleet's next run must see it now (a merge accepts the drift,
    /// a close restores Git's state), so it starts at once instead of at the next interval.
    /// </summary>
    private static async Task<IResult> HandlePullRequestAsync(Delivery d, byte[] body)
    {
        var pr = d.Source.ReadPullRequest(body);
        if (pr is null) return BadPayload(d);
        if (pr.Outcome == PullRequestOutcome.Other)
        {
            return Ignore(d, $"pull request action '{pr.Action}' does not start runs");
        }
        // The branch name comes from the publisher so the two cannot drift apart.
        var prefix = DriftBranchPublisher.BranchName("");
        var head = pr.HeadRef is { } h && h.StartsWith("refs/heads/", StringComparison.Ordinal) ? h["refs/heads/".Length..] : pr.HeadRef;
        if (head is null || !head.StartsWith(prefix, StringComparison.Ordinal) || head.Length == prefix.Length)
        {
            return Ignore(d, $"pull request from '{head}', not a drift branch ({prefix}<fleet>)");
        }
        var byRepository = d.Services.GetRequiredService<FleetCatalog>().ByRepository(pr.RepositoryUrls);
        // A drift branch name is no proof: anyone can open a pull request from a branch so named in their own
        // repository. Only the repository of a served fleet counts.
        if (byRepository.Count == 0) return UnknownFleet(d, $"pull request from '{head}' in a repository that is no fleet's");
        if (NarrowToQuery(d, byRepository) is not { } candidates) return FleetConflict(d, byRepository);
        var fleets = PullRequestFleets(candidates, head[prefix.Length..]);

        var outcome = pr.Outcome == PullRequestOutcome.Merged ? "merged" : "closed";
        var outcomes = new List<object>();
        var started = 0;
        foreach (var fleet in fleets)
        {
            var (answer, joined) = await StartAsync(d, fleet, $"webhook:{d.Source.Name}:pr-{outcome}", null, pr.Sender, $"pull request from {head} {outcome}");
            outcomes.Add(answer);
            if (joined) started++;
        }
        return Answer(d, $"pull request {outcome}", started, head, outcomes);
    }

    /// <summary>
    /// Asks for the fleet's run, after recording in the audit log who caused it: the forge's user as the signed payload
    /// names them (the signature proves the forge sent it, and the forge says whose push or merge it was).
    /// </summary>
    private static async Task<(object Outcome, bool Started)> StartAsync(Delivery d, FleetDefinition fleet, string trigger, string? commit, string? sender, string what)
    {
        var audit = d.Services.GetRequiredService<AuditTrail>();
        try
        {
            // Before the run is asked for, as for the API: a run the audit log cannot name is not started.
            await audit.RecordAsync(WebhookActor(sender), AuditActions.WebhookRun, fleet.Name, "webhook:" + d.Source.Name,
                $"{what} (delivery {d.DeliveryId ?? "without id"}, from {AuditTrail.OriginOf(d.Http)})", d.Http.RequestAborted);
        }
        catch
        {
            // The forge's retry of this delivery must not be taken for a replay.
            d.ForgetDelivery();
            throw;
        }
        var coordinator = d.Services.GetRequiredService<FleetRunCoordinator>();
        var result = coordinator.Request(fleet.Name, new RunRequest(trigger, commit, d.Arrived));
        return (new
        {
            fleet = fleet.Name,
            status = result switch
            {
                RunRequestResult.Started => "started",
                RunRequestResult.Coalesced => "coalesced",
                RunRequestResult.ShuttingDown => "shutting-down",
                _ => "ignored",
            },
            commit,
        }, result is RunRequestResult.Started or RunRequestResult.Coalesced);
    }

    /// <summary>
    /// The forge user as the audit log names them. The payload is the forge's, but the name is still text from outside:
    /// control characters are dropped and it is cut, so it cannot forge lines in a terminal or fill the log.
    /// </summary>
    internal static string WebhookActor(string? sender)
    {
        var clean = new string((sender ?? "").Where(c => !char.IsControl(c)).ToArray()).Trim();
        if (clean.Length > 100) clean = clean[..100];
        return clean.Length == 0 ? "unknown forge user" : clean;
    }

    private static IResult Answer(Delivery d, string what, int started, string subject, List<object> outcomes)
    {
        d.Metrics.Webhooks.Add(1, d.Source.Name, started > 0 ? "accepted" : "ignored");
        Accepted(d.Logger, d.Source.Name, what, subject, started);
        return Results.Json(new { status = started > 0 ? "accepted" : "ignored", fleets = outcomes }, statusCode: StatusCodes.Status202Accepted);
    }

    private static IResult Ignore(Delivery d, string reason)
    {
        d.Metrics.Webhooks.Add(1, d.Source.Name, "ignored");
        Ignored(d.Logger, d.Source.Name, reason);
        return Results.Json(new { status = "ignored", reason }, statusCode: StatusCodes.Status202Accepted);
    }

    private static IResult UnknownFleet(Delivery d, string reason)
    {
        d.Metrics.Webhooks.Add(1, d.Source.Name, "unknown_fleet");
        Ignored(d.Logger, d.Source.Name, reason);
        return Results.Json(new { status = "ignored", reason }, statusCode: StatusCodes.Status202Accepted);
    }

    private static IResult BadPayload(Delivery d)
    {
        d.ForgetDelivery();
        d.Metrics.Webhooks.Add(1, d.Source.Name, "bad_request");
        return Results.Problem(statusCode: StatusCodes.Status400BadRequest, title: "Unreadable payload", detail: "The body is not a JSON object.");
    }

    private static bool RefMatches(string pushed, string followed) =>
        pushed == followed || pushed == "refs/heads/" + followed || pushed == "refs/tags/" + followed;

    private sealed record Delivery(HttpContext Http, WebhookSource Source, ServiceMetrics Metrics, ILogger Logger, DateTimeOffset Arrived, string? DeliveryId)
    {
        public IServiceProvider Services => Http.RequestServices;

        /// <summary>A delivery refused for its content is not remembered, so the forge may send it again once it is fixed.</summary>
        public void ForgetDelivery()
        {
            if (DeliveryId is not null) Services.GetRequiredService<WebhookDeliveryLog>().Forget(Source.Name, DeliveryId);
        }
    }
}
