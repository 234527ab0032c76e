using GitOpsFleet.Reconciler.Service.Fleets;
using Microsoft.AspNetCore.Http;

namespace GitOpsFleet.Reconciler.Service.Webhooks;

/// <summary>
/// Which fleets a delivery is for. Only signed data decides: the payload's repository URLs (and the generic
/// hook's "fleet"). The URL's ?fleet= is not covered by the signature, so it may only narrow that choice; a
/// ?fleet= outside it is a conflict, answered 409 and starting nothing.
/// </summary>
internal static partial class WebhookEndpoints
{
    private static IReadOnlyList<FleetDefinition> PushFleets(FleetCatalog catalog, PushEvent push)
    {
        if (push.Fleet is { } named) return catalog.Find(named) is { } f ? [f] : [];
        var byRepository = catalog.ByRepository(push.RepositoryUrls);
        if (byRepository.Count > 0) return byRepository;
        // A signed push naming no repository at all can only mean the one fleet served.
        return catalog.All.Count == 1 && push.RepositoryUrls.All(string.IsNullOrEmpty) ? catalog.All : [];
    }

    /// <summary>
    /// The fleet whose drift branch this is, among those of the pull request's repository. The branch carries the
    /// fleet's own name (metadata.name), which a fleets.yaml may call differently; then every fleet of the
    /// repository runs (an extra run of a sibling fleet costs one fetch; a missed one leaves a merged pull request
    /// unapplied for an interval).
    /// </summary>
    private static IReadOnlyList<FleetDefinition> PullRequestFleets(IReadOnlyList<FleetDefinition> byRepository, string branchFleet) =>
        byRepository.FirstOrDefault(f => f.Name == branchFleet) is { } byName ? [byName] : byRepository;

    /// <summary>The signed choice narrowed to ?fleet= when given; null when ?fleet= names a fleet outside it.</summary>
    private static IReadOnlyList<FleetDefinition>? NarrowToQuery(Delivery d, IReadOnlyList<FleetDefinition> signed)
    {
        var query = d.Http.Request.Query["fleet"].ToString();
        if (query.Length == 0) return signed;
        return signed.FirstOrDefault(f => f.Name == query) is { } f ? [f] : null;
    }

    private static IResult FleetConflict(Delivery d, IReadOnlyList<FleetDefinition> signed)
    {
        d.ForgetDelivery();
        var query = d.Http.Request.Query["fleet"].ToString();
        d.Metrics.Webhooks.Add(1, d.Source.Name, "conflict");
        FleetConflict(d.Logger, d.Source.Name, query, string.Join(", ", signed.Select(f => f.Name)));
        return Results.Problem(statusCode: StatusCodes.Status409Conflict, title: "Fleet does not match the delivery",
            detail: $"?fleet={query} is not a fleet of the signed payload's repository ({string.Join(", ", signed.Select(f => f.Name))}); nothing was started.");
    }
}
