using GitOpsFleet.Providers.Secrets;
using System.Globalization;
using System.Net;
using System.Text.Json.Nodes;

namespace GitOpsFleet.Forges;

/// <summary>
/// GitLab merge requests, REST API v4 (GitLab 16 and 17 shapes). The project is a path (<c>group/sub/project</c>,
/// sent URL-encoded as the API asks) or a numeric id. The token goes in the <c>PRIVATE-TOKEN</c> header only.
/// </summary>
public sealed class GitLabForgeClient : IForgeClient
{
    private readonly RestChannel _rest;
    private readonly string _project;

    public GitLabForgeClient(ForgeEndpoint endpoint, HttpClient http, TimeProvider time, TimeSpan? callTimeout = null)
    {
        ArgumentNullException.ThrowIfNull(endpoint);
        if (string.IsNullOrWhiteSpace(endpoint.Repository)) throw new ArgumentException("a GitLab project is a path or a numeric id", nameof(endpoint));
        _project = "projects/" + Uri.EscapeDataString(endpoint.Repository.Trim('/'));
        var token = endpoint.Token;
        _rest = new RestChannel(http, endpoint.ApiBase, Kind, h => h.TryAddWithoutValidation("PRIVATE-TOKEN", token), new SecretRedactor(token), time, callTimeout);
    }

    public string Kind => "gitlab";

    public int MaxBodyLength => PullRequestBody.GitLabLimit;

    public async Task<ForgePullRequest?> FindOpenByBranchAsync(string headBranch, CancellationToken cancellationToken)
    {
        var list = await _rest.SendAsync(HttpMethod.Get, $"{_project}/merge_requests?state=opened&source_branch={Uri.EscapeDataString(headBranch)}&per_page=100", null, cancellationToken) as JsonArray ?? [];
        // Only a merge request from this project's own branch (not a fork's) is ours.
        var ours = list.FirstOrDefault(mr => mr?["source_branch"]?.GetValue<string>() == headBranch
            && (mr["source_project_id"] is null || mr["target_project_id"] is null || mr["source_project_id"]!.GetValue<long>() == mr["target_project_id"]!.GetValue<long>()));
        return ours is null ? null : Map(ours);
    }

    public async Task<ForgePullRequest> CreateAsync(PullRequestContent content, CancellationToken cancellationToken)
    {
        var body = new JsonObject
        {
            ["source_branch"] = content.HeadBranch,
            ["target_branch"] = content.BaseBranch,
            ["title"] = content.Title,
            ["description"] = PullRequestBody.Fit(content.Body, MaxBodyLength, content.FullBodyLocation),
            ["remove_source_branch"] = false,
        };
        // GitLab answers 409 "Another open merge request already exists for this source branch".
        var created = await _rest.SendAsync(HttpMethod.Post, $"{_project}/merge_requests", body, cancellationToken,
            (status, text) => status == HttpStatusCode.Conflict || (status == HttpStatusCode.UnprocessableEntity && text.Contains("already exists", StringComparison.OrdinalIgnoreCase)));
        return Map(created);
    }

    public async Task<ForgePullRequest> UpdateAsync(long number, PullRequestContent content, CancellationToken cancellationToken)
    {
        var body = new JsonObject
        {
            ["title"] = content.Title,
            ["description"] = PullRequestBody.Fit(content.Body, MaxBodyLength, content.FullBodyLocation),
        };
        return Map(await _rest.SendAsync(HttpMethod.Put, $"{_project}/merge_requests/{N(number)}", body, cancellationToken));
    }

    public async Task<ForgePullRequest> CloseWithCommentAsync(long number, string comment, CancellationToken cancellationToken)
    {
        await _rest.SendAsync(HttpMethod.Post, $"{_project}/merge_requests/{N(number)}/notes", new JsonObject { ["body"] = comment }, cancellationToken);
        return Map(await _rest.SendAsync(HttpMethod.Put, $"{_project}/merge_requests/{N(number)}", new JsonObject { ["state_event"] = "close" }, cancellationToken));
    }

    public async Task<ForgePullRequest> GetAsync(long number, CancellationToken cancellationToken) =>
        Map(await _rest.SendAsync(HttpMethod.Get, $"{_project}/merge_requests/{N(number)}", null, cancellationToken));

    /// <summary>GitLab creates labels that do not exist yet.</summary>
    public Task AddLabelsAsync(long number, IReadOnlyList<string> labels, CancellationToken cancellationToken) =>
        _rest.SendAsync(HttpMethod.Put, $"{_project}/merge_requests/{N(number)}", new JsonObject { ["add_labels"] = string.Join(',', labels) }, cancellationToken);

    public async Task<ForgeComment> AddCommentAsync(long number, string body, CancellationToken cancellationToken) =>
        MapNote(await _rest.SendAsync(HttpMethod.Post, $"{_project}/merge_requests/{N(number)}/notes", new JsonObject { ["body"] = body }, cancellationToken));

    /// <summary>A merge request's notes, paged by <c>per_page</c>; GitLab's own notes (label added, commits pushed) are <c>system</c> and left out.</summary>
    public async Task<IReadOnlyList<ForgeComment>> ListCommentsAsync(long number, CancellationToken cancellationToken)
    {
        const int pageSize = 100;
        var notes = new List<ForgeComment>();
        for (var page = 1; ; page++)
        {
            var list = await _rest.SendAsync(HttpMethod.Get, $"{_project}/merge_requests/{N(number)}/notes?sort=asc&order_by=created_at&per_page={pageSize}&page={page}", null, cancellationToken) as JsonArray ?? [];
            notes.AddRange(list.Where(n => n?["system"]?.GetValue<bool>() != true).Select(MapNote));
            if (list.Count < pageSize) break;
        }
        return notes.OrderBy(c => c.CreatedAt).ThenBy(c => c.Id).ToList();
    }

    private static ForgeComment MapNote(JsonNode? note) => note is null
        ? throw new ForgeException(ForgeErrorKind.Failed, "gitlab answered without a note")
        : new ForgeComment(note["id"]!.GetValue<long>(), note["author"]?["username"]?.GetValue<string>() ?? "", note["body"]?.GetValue<string>() ?? "", JsonDates.Read(note["created_at"]));

    private static string N(long number) => number.ToString(CultureInfo.InvariantCulture);

    private static ForgePullRequest Map(JsonNode? mr)
    {
        if (mr is null) throw new ForgeException(ForgeErrorKind.Failed, "gitlab answered without a merge request");
        var state = mr["state"]?.GetValue<string>() switch
        {
            "opened" => ForgePullRequestState.Open,
            "merged" => ForgePullRequestState.Merged,
            _ => ForgePullRequestState.Closed, // closed, locked
        };
        return new ForgePullRequest(
            mr["iid"]!.GetValue<long>(),
            mr["web_url"]?.GetValue<string>() ?? "",
            mr["source_branch"]?.GetValue<string>() ?? "",
            mr["target_branch"]?.GetValue<string>() ?? "",
            mr["title"]?.GetValue<string>() ?? "",
            state,
            mr["sha"]?.GetValue<string>(),
            JsonDates.Read(mr["closed_at"]),
            JsonDates.Read(mr["merged_at"]));
    }
}
