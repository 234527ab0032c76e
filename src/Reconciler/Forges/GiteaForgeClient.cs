using GitOpsFleet.Providers.Secrets;
using System.Globalization;
using System.Net;
using System.Text.Json.Nodes;

namespace GitOpsFleet.Forges;

/// <summary>
/// Gitea and Forgejo, REST API v1 (the shapes of Gitea 1.21+ and Forgejo 7+, which share them for these calls).
/// The token goes in the <c>Authorization: token …</c> header only.
/// </summary>
public sealed class GiteaForgeClient : IForgeClient
{
    private const int PageSize = 50;
    private readonly RestChannel _rest;
    private readonly string _repo;
    private readonly string _repository;

    public GiteaForgeClient(ForgeEndpoint endpoint, HttpClient http, TimeProvider time, TimeSpan? callTimeout = null)
    {
        ArgumentNullException.ThrowIfNull(endpoint);
        var parts = endpoint.Repository.Split('/');
        if (parts.Length != 2 || parts.Any(p => p.Length == 0)) throw new ArgumentException($"a Gitea repository is OWNER/NAME, not '{endpoint.Repository}'", nameof(endpoint));
        _repository = endpoint.Repository;
        _repo = $"repos/{Uri.EscapeDataString(parts[0])}/{Uri.EscapeDataString(parts[1])}";
        var token = endpoint.Token;
        _rest = new RestChannel(http, endpoint.ApiBase, Kind, h => h.TryAddWithoutValidation("Authorization", "token " + token), new SecretRedactor(token), time, callTimeout);
    }

    public string Kind => "gitea";

    public int MaxBodyLength => PullRequestBody.GiteaLimit;

    public async Task<ForgePullRequest?> FindOpenByBranchAsync(string headBranch, CancellationToken cancellationToken)
    {
        for (var page = 1; ; page++)
        {
            var list = await _rest.SendAsync(HttpMethod.Get, $"{_repo}/pulls?state=open&limit={PageSize}&page={page}", null, cancellationToken) as JsonArray ?? [];
            foreach (var item in list)
            {
                if (item?["head"]?["ref"]?.GetValue<string>() != headBranch) continue;
                // A fork may use the same branch name; only a branch of this repository is ours.
                var headRepo = item["head"]?["repo"]?["full_name"]?.GetValue<string>();
                if (headRepo is not null && !string.Equals(headRepo, _repository, StringComparison.OrdinalIgnoreCase)) continue;
                return Map(item);
            }
            if (list.Count < PageSize) return null;
        }
    }

    public async Task<ForgePullRequest> CreateAsync(PullRequestContent content, CancellationToken cancellationToken)
    {
        var body = new JsonObject
        {
            ["head"] = content.HeadBranch,
            ["base"] = content.BaseBranch,
            ["title"] = content.Title,
            ["body"] = PullRequestBody.Fit(content.Body, MaxBodyLength, content.FullBodyLocation),
        };
        // Gitea answers 409 when an open pull request already joins these branches (older versions 422).
        var created = await _rest.SendAsync(HttpMethod.Post, $"{_repo}/pulls", body, cancellationToken,
            (status, text) => status == HttpStatusCode.Conflict || (status == HttpStatusCode.UnprocessableEntity && text.Contains("already exists", StringComparison.OrdinalIgnoreCase)));
        return Map(created);
    }

    public async Task<ForgePullRequest> UpdateAsync(long number, PullRequestContent content, CancellationToken cancellationToken)
    {
        var body = new JsonObject
        {
            ["title"] = content.Title,
            ["body"] = PullRequestBody.Fit(content.Body, MaxBodyLength, content.FullBodyLocation),
        };
        return Map(await _rest.SendAsync(HttpMethod.Patch, $"{_repo}/pulls/{N(number)}", body, cancellationToken));
    }

    public async Task<ForgePullRequest> CloseWithCommentAsync(long number, string comment, CancellationToken cancellationToken)
    {
        await _rest.SendAsync(HttpMethod.Post, $"{_repo}/issues/{N(number)}/comments", new JsonObject { ["body"] = comment }, cancellationToken);
        return Map(await _rest.SendAsync(HttpMethod.Patch, $"{_repo}/pulls/{N(number)}", new JsonObject { ["state"] = "closed" }, cancellationToken));
    }

    public async Task<ForgePullRequest> GetAsync(long number, CancellationToken cancellationToken) =>
        Map(await _rest.SendAsync(HttpMethod.Get, $"{_repo}/pulls/{N(number)}", null, cancellationToken));

    public async Task AddLabelsAsync(long number, IReadOnlyList<string> labels, CancellationToken cancellationToken)
    {
        // Gitea attaches labels by id, and only labels that exist in the repository.
        var known = new Dictionary<string, long>(StringComparer.OrdinalIgnoreCase);
        for (var page = 1; ; page++)
        {
            var list = await _rest.SendAsync(HttpMethod.Get, $"{_repo}/labels?limit={PageSize}&page={page}", null, cancellationToken) as JsonArray ?? [];
            foreach (var label in list)
            {
                if (label?["name"]?.GetValue<string>() is { } name && label["id"] is { } id) known[name] = id.GetValue<long>();
            }
            if (list.Count < PageSize) break;
        }
        var ids = new JsonArray();
        foreach (var name in labels)
        {
            if (!known.TryGetValue(name, out var id))
            {
                var created = await _rest.SendAsync(HttpMethod.Post, $"{_repo}/labels", new JsonObject { ["name"] = name, ["color"] = "#5319e7" }, cancellationToken);
                id = created?["id"]?.GetValue<long>() ?? throw new ForgeException(ForgeErrorKind.Failed, $"gitea created label {name} without an id");
            }
            ids.Add(id);
        }
        await _rest.SendAsync(HttpMethod.Post, $"{_repo}/issues/{N(number)}/labels", new JsonObject { ["labels"] = ids }, cancellationToken);
    }

    public async Task<ForgeComment> AddCommentAsync(long number, string body, CancellationToken cancellationToken) =>
        MapComment(await _rest.SendAsync(HttpMethod.Post, $"{_repo}/issues/{N(number)}/comments", new JsonObject { ["body"] = body }, cancellationToken));

    /// <summary>A pull request is an issue in Gitea: its conversation is the comments, which the API pages by <c>limit</c>.</summary>
    public async Task<IReadOnlyList<ForgeComment>> ListCommentsAsync(long number, CancellationToken cancellationToken)
    {
        var comments = new List<ForgeComment>();
        for (var page = 1; ; page++)
        {
            var list = await _rest.SendAsync(HttpMethod.Get, $"{_repo}/issues/{N(number)}/comments?limit={PageSize}&page={page}", null, cancellationToken) as JsonArray ?? [];
            comments.AddRange(list.Select(MapComment));
            if (list.Count < PageSize) break;
        }
        return comments.OrderBy(c => c.CreatedAt).ThenBy(c => c.Id).ToList();
    }

    private static ForgeComment MapComment(JsonNode? comment) => comment is null
        ? throw new ForgeException(ForgeErrorKind.Failed, "gitea answered without a comment")
        : new ForgeComment(comment["id"]!.GetValue<long>(), comment["user"]?["login"]?.GetValue<string>() ?? "", comment["body"]?.GetValue<string>() ?? "", JsonDates.Read(comment["created_at"]));

    private static string N(long number) => number.ToString(CultureInfo.InvariantCulture);

    private ForgePullRequest Map(JsonNode? pr)
    {
        if (pr is null) throw new ForgeException(ForgeErrorKind.Failed, "gitea answered without a pull request");
        var merged = pr["merged"]?.GetValue<bool>() == true;
        var state = merged ? ForgePullRequestState.Merged
            : pr["state"]?.GetValue<string>() == "open" ? ForgePullRequestState.Open : ForgePullRequestState.Closed;
        return new ForgePullRequest(
            pr["number"]!.GetValue<long>(),
            pr["html_url"]?.GetValue<string>() ?? "",
            pr["head"]?["ref"]?.GetValue<string>() ?? "",
            pr["base"]?["ref"]?.GetValue<string>() ?? "",
            pr["title"]?.GetValue<string>() ?? "",
            state,
            pr["head"]?["sha"]?.GetValue<string>(),
            JsonDates.Read(pr["closed_at"]),
            JsonDates.Read(pr["merged_at"]));
    }
}
