using GitOpsFleet.Reconciler.Drift;
using GitOpsFleet.Reconciler.Service.Fleets;
using GitOpsFleet.Reconciler.Service.Metrics;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace GitOpsFleet.Reconciler.Service.Webhooks;

/// <summary>
/// /hooks/github, /hooks/gitea, /hooks/gitlab, /hooks/generic. The signature (or GitLab's token) is checked
/// over the raw body before anything in it is read; a bad or missing one gets 401 and starts nothing. Pushes
/// to the ref a fleet follows, and the merge or close of a fleet's drift pull request, start (or fold into)
/// a run at once; every other delivery is acknowledged with 202 and ignored.
/// </summary>
internal static partial class WebhookEndpoints
{
    private const int MaxBody = 5 * 1024 * 1024;

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
        var logger = services.GetRequiredService<ILoggerFactory>().CreateLogger("GitOpsFleet.Reconciler.Service.Webhooks");
        var arrived = services.GetRequiredService<TimeProvider>().GetUtcNow();

        byte[] body;
        using (var buffer = new MemoryStream())
        {
            await http.Request.Body.CopyToAsync(buffer, http.RequestAborted);
            if (buffer.Length > MaxBody)
            {
                metrics.Webhooks.Add(1, source.Name, "too_large");
                return Results.Problem(statusCode: StatusCodes.Status413PayloadTooLarge, title: "Payload too large");
            }
            body = buffer.ToArray();
        }
        if (secrets.WebhookSecret is null || !source.IsAuthentic(secrets.WebhookSecret, body, http.Request.Headers[source.AuthHeader].ToString()))
        {
            metrics.Webhooks.Add(1, source.Name, "unauthorized");
            Rejected(logger, source.Name, secrets.WebhookSecret is null ? "no webhook secret is configured" : $"bad or missing {source.AuthHeader}");
            return Results.Problem(statusCode: StatusCodes.Status401Unauthorized, title: source.SharedToken ? "Invalid token" : "Invalid signature",
                detail: secrets.WebhookSecret is null ? "This service has no webhook secret configured (--webhook-secret-file)."
                    : source.SharedToken ? $"The {source.AuthHeader} header is not the webhook secret." : $"The {source.AuthHeader} header does not match the body.");
        }

        var eventName = source.EventHeader is null ? "push" : http.Request.Headers[source.EventHeader].ToString();
        var context = new Delivery(http, source, metrics, logger, arrived);
        if (source.PushEvents.Contains(eventName)) return HandlePush(context, body);
        if (source.PullRequestEvents.Contains(eventName)) return HandlePullRequest(context, body);
        metrics.Webhooks.Add(1, source.Name, "ignored");
        Ignored(logger, source.Name, $"event '{eventName}'");
        return Results.Json(new { status = "ignored", reason = $"event '{eventName}' does not start runs" }, statusCode: StatusCodes.Status202Accepted);
    }

    private static IResult HandlePush(Delivery d, byte[] body)
    {
        var push = d.Source.ReadPush(body);
        if (push is null) return BadPayload(d);
        var catalog = d.Services.GetRequiredService<FleetCatalog>();
        var board = d.Services.GetRequiredService<FleetStatusBoard>();
        var named = d.Http.Request.Query["fleet"].ToString() is { Length: > 0 } q ? q : push.Fleet;
        IReadOnlyList<FleetDefinition> fleets = named is not null
            ? (catalog.Find(named) is { } f ? [f] : [])
            : catalog.ByRepository(push.RepositoryUrls) is { Count: > 0 } matched ? matched
            : catalog.All.Count == 1 && push.RepositoryUrls.All(string.IsNullOrEmpty) ? catalog.All : [];
        if (fleets.Count == 0) return UnknownFleet(d, named is null ? "no fleet follows this repository" : $"no fleet named '{named}'");

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
            outcomes.Add(Start(d, fleet, "webhook:" + d.Source.Name, push.Commit, ref started));
        }
        return Answer(d, "push", started, push.Ref ?? "(no ref)", outcomes);
    }

    /// <summary>
    /// A merged or closed drift pull request: the fleet's next run must see it now (a merge accepts the drift,
    /// a close restores Git's state), so it starts at once instead of at the next interval.
    /// </summary>
    private static IResult HandlePullRequest(Delivery d, byte[] body)
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
        var catalog = d.Services.GetRequiredService<FleetCatalog>();
        var fleets = PullRequestFleets(catalog, d.Http.Request.Query["fleet"].ToString(), head[prefix.Length..], pr.RepositoryUrls);
        if (fleets.Count == 0) return UnknownFleet(d, $"no fleet named '{head[prefix.Length..]}' or following this repository");

        var outcome = pr.Outcome == PullRequestOutcome.Merged ? "merged" : "closed";
        var outcomes = new List<object>();
        var started = 0;
        foreach (var fleet in fleets) outcomes.Add(Start(d, fleet, $"webhook:{d.Source.Name}:pr-{outcome}", null, ref started));
        return Answer(d, $"pull request {outcome}", started, head, outcomes);
    }

    /// <summary>
    /// The fleet whose drift branch this is. The branch carries the fleet's own name (metadata.name), which a
    /// fleets.yaml may call differently; then the repository decides, and every fleet it holds runs (an extra
    /// run of a sibling fleet costs one fetch; a missed one leaves a merged pull request unapplied for an interval).
    /// </summary>
    private static IReadOnlyList<FleetDefinition> PullRequestFleets(FleetCatalog catalog, string query, string branchFleet, IReadOnlyList<string?> urls)
    {
        if (query.Length > 0) return catalog.Find(query) is { } f ? [f] : [];
        var byName = catalog.Find(branchFleet);
        var byRepository = catalog.ByRepository(urls);
        if (byRepository.Count == 0) return byName is null ? [] : [byName];
        return byName is not null && byRepository.Contains(byName) ? [byName] : byRepository;
    }

    private static object Start(Delivery d, FleetDefinition fleet, string trigger, string? commit, ref int started)
    {
        var coordinator = d.Services.GetRequiredService<FleetRunCoordinator>();
        var result = coordinator.Request(fleet.Name, new RunRequest(trigger, commit, d.Arrived));
        if (result is RunRequestResult.Started or RunRequestResult.Coalesced) started++;
        return new
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
        };
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
        d.Metrics.Webhooks.Add(1, d.Source.Name, "bad_request");
        return Results.Problem(statusCode: StatusCodes.Status400BadRequest, title: "Unreadable payload", detail: "The body is not a JSON object.");
    }

    private static bool RefMatches(string pushed, string followed) =>
        pushed == followed || pushed == "refs/heads/" + followed || pushed == "refs/tags/" + followed;

    private sealed record Delivery(HttpContext Http, WebhookSource Source, ServiceMetrics Metrics, ILogger Logger, DateTimeOffset Arrived)
    {
        public IServiceProvider Services => Http.RequestServices;
    }
}
